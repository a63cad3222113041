import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { runCli } from '../support/cli.js';

describe('switchboard models', () => {
  let testDb: TestDatabase | undefined;
  afterEach(async () => {
    await testDb?.drop();
    testDb = undefined;
  });

  it('at 0001 refuses a CHAT model naming 0002 and the command, writes nothing, and works after migrate up', async () => {
    testDb = await createTestDatabase();
    expect((await runCli(['migrate', 'up', '--to', '0001'], testDb.env)).code).toBe(0);

    const refused = await runCli(['models', 'add', '--type', 'CHAT', '--provider', 'OPENROUTER', '--api-path', 'anthropic/claude-3-haiku:free'], testDb.env);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('0002_add_chat_type_to_ai_models');
    expect(refused.stderr).toContain('npx switchboard migrate up');
    expect(refused.stderr).not.toMatch(/violates check constraint/);

    // IMAGE is accepted at 0001, without the audit table that arrives later.
    const image = await runCli(['models', 'add', '--type', 'image', '--provider', 'openai', '--api-path', 'dall-e-3'], testDb.env);
    expect(image.stderr).toBe('');
    expect(image.code).toBe(0);
    const listed = await runCli(['models', 'list', '--json'], testDb.env);
    expect(JSON.parse(listed.stdout).map((model: { name: string }) => model.name)).toEqual(['dall-e-3']);

    expect((await runCli(['migrate', 'up'], testDb.env)).code).toBe(0);
    const chat = await runCli(['models', 'add', '--type', 'CHAT', '--provider', 'OPENROUTER', '--api-path', 'anthropic/claude-3-haiku:free', '--display-name', 'Claude 3 Haiku'], testDb.env);
    expect(chat.code).toBe(0);
    expect(chat.stdout).toContain('anthropic/claude-3-haiku:free');

    const table = await runCli(['models', 'list'], testDb.env);
    expect(table.stdout).toMatch(/CHAT\s+OPENROUTER\s+enabled\s+anthropic\/claude-3-haiku:free/);
  });

  it('gives the API\'s errors: bad input, a taken name, and a missing model', async () => {
    testDb = await createTestDatabase();
    expect((await runCli(['migrate', 'up'], testDb.env)).code).toBe(0);

    const badType = await runCli(['models', 'add', '--type', 'AUDIO', '--provider', 'OPENAI', '--api-path', 'tts-1'], testDb.env);
    expect(badType.code).not.toBe(0);
    expect(badType.stderr).toMatch(/--type/);

    expect((await runCli(['models', 'add', '--type', 'IMAGE', '--provider', 'OPENAI', '--api-path', 'dall-e-3'], testDb.env)).code).toBe(0);
    const taken = await runCli(['models', 'add', '--type', 'IMAGE', '--provider', 'OPENAI', '--api-path', 'dall-e-3'], testDb.env);
    expect(taken.code).not.toBe(0);
    expect(taken.stderr).toMatch(/conflict: .*name/);

    const removed = await runCli(['models', 'remove', 'dall-e-3'], testDb.env);
    expect(removed.code).toBe(0);
    const missing = await runCli(['models', 'remove', 'dall-e-3'], testDb.env);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/not_found: There is no model named "dall-e-3"/);
  });
});
