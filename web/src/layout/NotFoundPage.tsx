import { Anchor, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router-dom';

export function NotFoundPage() {
  return (
    <Stack align="flex-start" p="md">
      <Title order={1} size="h2">
        Page not found
      </Title>
      <Text>There is no admin page at this address.</Text>
      <Anchor component={Link} to="/ai-models">
        Go to the models
      </Anchor>
    </Stack>
  );
}
