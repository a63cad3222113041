import { Alert, Code, List, Text } from '@mantine/core';
import { useHealth } from '../api/queries.js';

export const APPLY_COMMAND = 'npx switchboard migrate up';

/**
 * Shown on every admin page while the database's schema is behind the code or has drifted:
 * what is missing, in words, and the one command that fixes it.
 */
export function SchemaBanner() {
  const health = useHealth();
  const database = health.data?.database;
  if (!database || (database.pending.length === 0 && database.drift.length === 0)) return null;

  const pending = database.pending;
  return (
    <Alert color="orange" variant="light" mb="md" title="The database schema needs attention" role="status" aria-live="polite">
      {pending.length > 0 && (
        <>
          <Text size="sm">
            The database is behind this version of Switchboard: {pending.length === 1 ? 'one migration has' : `${pending.length} migrations have`} not
            been applied yet. Until then, what those migrations add (such as a new model type) cannot be saved.
          </Text>
          <List size="sm" mt={4} mb={4} aria-label="Pending migrations">
            {pending.map((name) => (
              <List.Item key={name}>
                <Code>{name}</Code>
              </List.Item>
            ))}
          </List>
        </>
      )}
      {database.drift.length > 0 && (
        <>
          <Text size="sm">The live schema differs from what the migrations describe:</Text>
          <List size="sm" mt={4} mb={4} aria-label="Schema drift">
            {database.drift.map((item) => (
              <List.Item key={`${item.code}:${item.message}`}>{item.message}</List.Item>
            ))}
          </List>
        </>
      )}
      <Text size="sm">
        Whoever runs the server applies them with <Code>{APPLY_COMMAND}</Code>
        {database.drift.length > 0 && pending.length === 0 ? ', after checking the differences above' : ''}.
      </Text>
    </Alert>
  );
}
