import { AppShell, Burger, Button, Group, NavLink, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useSession, useSignOut } from '../api/queries.js';
import { SchemaBanner } from './SchemaBanner.js';

const PAGES = [
  { to: '/ai-models', label: 'Models' },
  { to: '/providers', label: 'Providers' },
  { to: '/api-keys', label: 'API keys' },
  { to: '/usage', label: 'Usage' },
  { to: '/audit', label: 'Audit log' },
] as const;

/** The frame of every signed-in page: header with sign-out, navigation, and the schema banner. */
export function AdminLayout() {
  const [isNavOpen, nav] = useDisclosure(false);
  const session = useSession();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const location = useLocation();

  const handleSignOut = () =>
    signOut.mutate(undefined, {
      onSuccess: () => void navigate('/login', { replace: true }),
      onError: (error) => notifications.show({ color: 'red', title: 'Could not sign out', message: error.message }),
    });

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 200, breakpoint: 'sm', collapsed: { mobile: !isNavOpen } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={isNavOpen} onClick={nav.toggle} hiddenFrom="sm" size="sm" aria-label={isNavOpen ? 'Close navigation' : 'Open navigation'} />
            <Title order={2} size="h4">
              Switchboard
            </Title>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Text size="sm" c="dimmed" visibleFrom="sm" truncate="end" maw={260}>
              {session.data?.email}
            </Text>
            <Button variant="default" size="xs" onClick={handleSignOut} loading={signOut.isPending}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="xs" aria-label="Admin pages">
        <Stack gap={4}>
          {PAGES.map((page) => (
            <NavLink
              key={page.to}
              component={Link}
              to={page.to}
              label={page.label}
              active={location.pathname.startsWith(page.to)}
              aria-current={location.pathname.startsWith(page.to) ? 'page' : undefined}
              onClick={nav.close}
            />
          ))}
        </Stack>
      </AppShell.Navbar>

      <AppShell.Main>
        <SchemaBanner />
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
