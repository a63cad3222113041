import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, spawnCli } from '../support/cli.js';
import { createTestDatabase, isPostgres, type TestDatabase } from '../support/database.js';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('switchboard serve', () => {
  let testDb: TestDatabase | undefined;
  afterEach(async () => {
    await testDb?.drop();
    testDb = undefined;
  });

  it('migrates, creates the first admin, answers /api/health, and shuts down cleanly on SIGTERM', async () => {
    testDb = await createTestDatabase();
    const port = await freePort();
    const child = spawnCli(['serve'], { ...testDb.env, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'info', ADMIN_EMAIL: 'first@example.com', ADMIN_PASSWORD: 'a long enough password' });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

    const deadline = Date.now() + 45_000;
    let health: { status: string; database: { pending: string[]; kind: string } } | undefined;
    while (!health) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the server did not come up:\n${output}`);
      health = await fetch(`http://127.0.0.1:${port}/api/health`)
        .then((response) => (response.ok ? response.json() : undefined))
        .catch(() => undefined);
      if (!health) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(health).toMatchObject({ status: 'ok', database: { pending: [], kind: isPostgres ? 'postgres' : 'embedded' } });
    expect(output).toContain('created the first admin, first@example.com');

    const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'first@example.com', password: 'a long enough password' }),
    });
    expect(login.status).toBe(200);
    expect(output).not.toContain('a long enough password');

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    if (!isPostgres) expect(existsSync(path.join(testDb.env.DATA_DIR!, 'switchboard.pid'))).toBe(false);
  });

  it.skipIf(isPostgres)('refuses a second process on the same embedded data directory with a clear message', async () => {
    testDb = await createTestDatabase();
    const port = await freePort();
    const server = spawnCli(['serve'], { ...testDb.env, HOST: '127.0.0.1', PORT: String(port) });
    const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + 45_000;
    while (!(await fetch(`http://127.0.0.1:${port}/api/health`).then((response) => response.ok, () => false))) {
      if (Date.now() > deadline) throw new Error('the server did not come up');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const second = await runCli(['models', 'list'], testDb.env);
    expect(second.code).not.toBe(0);
    expect(second.stderr).toMatch(/in use by another Switchboard process \(pid \d+\)/);
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
