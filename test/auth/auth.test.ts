import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN, createTestApp, type TestApp } from '../support/app.js';
import { runCli } from '../support/cli.js';

describe('admin sign-in and sessions', () => {
  let testApp: TestApp | undefined;
  afterEach(async () => {
    await testApp?.close();
    testApp = undefined;
  });

  it('answers 401 without a session on every admin route', async () => {
    testApp = await createTestApp();
    for (const [method, url] of [
      ['GET', '/api/admin/ai-models'],
      ['POST', '/api/admin/ai-models'],
      ['GET', '/api/admin/meta'],
      ['GET', '/api/admin/audit'],
      ['GET', '/api/auth/me'],
    ] as const) {
      const response = await testApp.app.inject({ method, url, payload: method === 'POST' ? {} : undefined });
      expect(response.statusCode, `${method} ${url}`).toBe(401);
      expect(response.json().error.code).toBe('unauthorized');
    }
  });

  it('signs in with an httpOnly SameSite=Strict cookie, knows who is signed in, and signs out', async () => {
    testApp = await createTestApp();
    const login = await testApp.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'ADMIN@example.com ', password: ADMIN.password } });
    expect(login.statusCode).toBe(200);
    const setCookie = String(login.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).not.toMatch(/Secure/);
    const cookie = setCookie.split(';')[0]!;

    const me = await testApp.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(me.json()).toMatchObject({ admin: { email: ADMIN.email } });

    const logout = await testApp.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect(logout.statusCode).toBe(204);
    const after = await testApp.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(after.statusCode).toBe(401);
  });

  it('marks the cookie Secure behind an HTTPS proxy it trusts', async () => {
    testApp = await createTestApp({ env: { TRUST_PROXY: 'true' } });
    const login = await testApp.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'x-forwarded-proto': 'https' },
      payload: ADMIN,
    });
    expect(String(login.headers['set-cookie'])).toMatch(/Secure/);
  });

  it('stores an argon2id hash, never the password, and only a hash of the session token', async () => {
    testApp = await createTestApp();
    const cookie = await testApp.signIn();
    const admins = await testApp.db.query<{ password_hash: string }>('SELECT password_hash FROM switchboard.admins');
    expect(admins.rows[0]!.password_hash).toMatch(/^\$argon2id\$/);
    const sessions = await testApp.db.query<{ token_hash: string }>('SELECT token_hash FROM switchboard.admin_sessions');
    const token = cookie.split('=')[1]!;
    expect(sessions.rows.map((row) => row.token_hash)).not.toContain(token);
    expect(sessions.rows).toHaveLength(1);
  });

  it('rejects a wrong password with invalid_credentials and throttles an account after repeated failures', async () => {
    testApp = await createTestApp({ env: { LOGIN_MAX_FAILURES_PER_ACCOUNT: '3' } });
    const attempt = (password: string, ip = '10.0.0.1') =>
      testApp!.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: ip, payload: { email: ADMIN.email, password } });
    for (let index = 0; index < 3; index += 1) {
      const response = await attempt('wrong password');
      expect(response.statusCode).toBe(401);
      expect(response.json().error.code).toBe('invalid_credentials');
    }
    // Even the right password is refused while the account is throttled, from any address.
    const throttled = await attempt(ADMIN.password, '10.0.0.2');
    expect(throttled.statusCode).toBe(429);
    expect(throttled.json().error.code).toBe('rate_limited');
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('throttles an address that tries many accounts', async () => {
    testApp = await createTestApp({ env: { LOGIN_MAX_FAILURES_PER_ADDRESS: '4' } });
    for (let index = 0; index < 4; index += 1) {
      const response = await testApp.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress: '10.9.9.9',
        payload: { email: `nobody${index}@example.com`, password: 'whatever-it-is' },
      });
      expect(response.statusCode).toBe(401);
    }
    const fromSameAddress = await testApp.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '10.9.9.9', payload: ADMIN });
    expect(fromSameAddress.statusCode).toBe(429);
    const fromElsewhere = await testApp.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '10.1.1.1', payload: ADMIN });
    expect(fromElsewhere.statusCode).toBe(200);
  });

  it('expires sessions', async () => {
    testApp = await createTestApp();
    const cookie = await testApp.signIn();
    expect((await testApp.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(200);
    await testApp.db.query(`UPDATE switchboard.admin_sessions SET expires_at = now() - interval '1 second'`);
    const expired = await testApp.app.inject({ method: 'GET', url: '/api/admin/ai-models', headers: { cookie } });
    expect(expired.statusCode).toBe(401);
  });

  it('refuses a state-changing request from a foreign Origin with 403, and accepts its own', async () => {
    testApp = await createTestApp();
    const cookie = await testApp.signIn();
    const payload = { type: 'IMAGE', provider: 'OPENAI', apiPath: 'dall-e-3' };
    const foreign = await testApp.app.inject({ method: 'POST', url: '/api/admin/ai-models', headers: { cookie, origin: 'https://evil.example' }, payload });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().error.code).toBe('forbidden');
    const foreignLogin = await testApp.app.inject({ method: 'POST', url: '/api/auth/login', headers: { origin: 'https://evil.example' }, payload: ADMIN });
    expect(foreignLogin.statusCode).toBe(403);
    const own = await testApp.app.inject({ method: 'POST', url: '/api/admin/ai-models', headers: { cookie, origin: 'http://localhost:80', host: 'localhost:80' }, payload });
    expect(own.statusCode).toBe(201);
    expect((await testApp.db.query('SELECT 1 FROM public.ai_models')).rowCount).toBe(1);
  });

  it('creates an admin from the CLI with the password on stdin, never from argv', async () => {
    testApp = await createTestApp({ withAdmin: false });
    await testApp.app.close();
    await testApp.db.close();
    const created = await runCli(['admin', 'create', '--email', 'ops@example.com'], testApp.testDb.env, { input: 'a long enough password\n' });
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const tooShort = await runCli(['admin', 'create', '--email', 'short@example.com'], testApp.testDb.env, { input: 'short\n' });
    expect(tooShort.code).not.toBe(0);
    expect(tooShort.stderr).toMatch(/at least 10 characters/);
    const argvPassword = await runCli(['admin', 'create', '--email', 'x@example.com', '--password', 'a long enough password'], testApp.testDb.env);
    expect(argvPassword.code).not.toBe(0);

    testApp = await createTestApp({ testDb: testApp.testDb, withAdmin: false });
    await testApp.signIn({ email: 'ops@example.com', password: 'a long enough password' });
  });
});
