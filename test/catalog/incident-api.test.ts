import { afterEach, describe, expect, it } from 'vitest';
import { MigrationError } from '../../src/migrate/errors.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { runCli } from '../support/cli.js';
import { countRows } from '../support/factories.js';

const INCIDENT_INPUT = { type: 'CHAT', provider: 'OPENROUTER', apiPath: 'anthropic/claude-3-haiku:free' };

describe('the incident, end to end through the service, the CLI and the API', () => {
  let testApp: TestApp | undefined;
  afterEach(async () => {
    await testApp?.close();
    testApp = undefined;
  });

  it('answers schema_behind naming 0002 at 0001, writes nothing, and works after migrate up', async () => {
    testApp = await createTestApp({ migrateTo: '0001' });
    const { app } = testApp;

    // At 0001 no admin table exists yet: the service itself refuses before writing.
    const refusal = await app.services.catalog.create(INCIDENT_INPUT as never, { id: null, label: 'test' }).catch((error: unknown) => error);
    expect(refusal).toMatchObject({ code: 'schema_behind', status: 409 });
    expect((refusal as Error).message).toContain('0002_add_chat_type_to_ai_models');
    expect((refusal as Error).message).toContain('npx switchboard migrate up');
    expect(await countRows(app, 'public.ai_models')).toBe(0);

    // The CLI answers the same, on stderr, with a non-zero exit.
    await app.close();
    await testApp.db.close();
    const cli = await runCli(['models', 'add', '--type', 'CHAT', '--provider', 'OPENROUTER', '--api-path', 'anthropic/claude-3-haiku:free'], testApp.testDb.env);
    expect(cli.code).not.toBe(0);
    expect(cli.stderr).toContain('schema_behind');
    expect(cli.stderr).toContain('0002_add_chat_type_to_ai_models');
    expect(cli.stderr).toContain('npx switchboard migrate up');

    const up = await runCli(['migrate', 'up'], testApp.testDb.env);
    expect(up.code).toBe(0);

    // After up, on the same database, the incident's exact JSON succeeds through the API and the model is listed.
    testApp = await createTestApp({ testDb: testApp.testDb });
    expect(await countRows(testApp.app, 'public.ai_models')).toBe(0);
    const cookie = await testApp.signIn();
    const created = await testApp.app.inject({ method: 'POST', url: '/api/admin/ai-models', headers: { cookie }, payload: INCIDENT_INPUT });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      name: 'anthropic/claude-3-haiku:free',
      displayName: 'Claude 3 Haiku (free)',
      type: 'CHAT',
      provider: 'OPENROUTER',
      apiPath: 'anthropic/claude-3-haiku:free',
      enabled: true,
    });
    const listed = await testApp.app.inject({ method: 'GET', url: '/api/admin/ai-models?type=CHAT', headers: { cookie } });
    expect(listed.json()).toMatchObject({ total: 1, items: [{ name: 'anthropic/claude-3-haiku:free' }] });

    // And a down past 0002 refuses while the CHAT model exists.
    const down = await testApp.migrator.down({ to: '0001' }).catch((error: unknown) => error);
    expect(down).toBeInstanceOf(MigrationError);
    expect((down as Error).message).toMatch(/refus/);
    expect((await testApp.migrator.status()).pending).not.toContain('0002_add_chat_type_to_ai_models');
  });
});
