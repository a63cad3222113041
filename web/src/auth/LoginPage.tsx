import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError } from '../api/client.js';
import { useSession, useSignIn } from '../api/queries.js';
import { safeNextPath } from './RequireSession.js';

export function LoginPage() {
  const [searchParams] = useSearchParams();
  const next = safeNextPath(searchParams.get('next'));
  const navigate = useNavigate();
  const session = useSession();
  const signIn = useSignIn();
  const form = useForm({
    initialValues: { email: '', password: '' },
    validate: {
      email: (value) => (/^\S+@\S+$/.test(value.trim()) ? null : 'Enter the email address of your admin account'),
      password: (value) => (value ? null : 'Enter your password'),
    },
  });

  if (session.data) return <Navigate to={next} replace />;

  const submit = form.onSubmit((values) => {
    signIn.mutate(
      { email: values.email.trim(), password: values.password },
      {
        onSuccess: () => void navigate(next, { replace: true }),
        onError: (error) => {
          if (error instanceof ApiError && error.code === 'validation_failed') form.setErrors(error.fieldErrors());
        },
      },
    );
  });

  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Paper component="main" withBorder shadow="sm" p="xl" w="100%" maw={400}>
        <form onSubmit={submit} noValidate>
          <Stack>
            <div>
              <Title order={1} size="h2">
                Switchboard
              </Title>
              <Text c="dimmed" size="sm">
                Sign in to manage the model catalog.
              </Text>
            </div>
            {signIn.error && signIn.error instanceof ApiError && signIn.error.code !== 'validation_failed' && (
              <Alert color="red" role="alert" title="Could not sign in">
                {describeSignInError(signIn.error)}
              </Alert>
            )}
            <TextInput label="Email" type="email" autoComplete="username" required autoFocus {...form.getInputProps('email')} />
            <PasswordInput label="Password" autoComplete="current-password" required {...form.getInputProps('password')} />
            <Button type="submit" loading={signIn.isPending} fullWidth>
              Sign in
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}

function describeSignInError(error: ApiError): string {
  if (error.code === 'invalid_credentials') return 'The email or password is not right.';
  if (error.code === 'rate_limited') return 'Too many attempts. Wait a minute, then try again.';
  return error.message;
}
