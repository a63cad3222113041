import { createHash, randomBytes } from 'node:crypto';
import type { AuthSettings } from '../config.js';
import type { Database } from '../db/database.js';
import { AppError, assertThat } from '../errors.js';
import { decoyPasswordHash, hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from './passwords.js';
import { countAdmins, findAdminByEmail, insertAdmin } from './queries/admins.js';
import { deleteExpiredSessions, deleteSession, findLiveSession, insertSession } from './queries/admin-sessions.js';
import { countRecentFailures, deleteFailures, deleteOldFailures, insertFailures } from './queries/login-failures.js';
import type { Admin } from './schemas.js';

export interface AuthService {
  createAdmin(email: string, password: string): Promise<Admin>;
  ensureInitialAdmin(): Promise<Admin | undefined>;
  hasAdmins(): Promise<boolean>;
  login(input: { email: string; password: string; address: string; userAgent: string }): Promise<{ admin: Admin; token: string; expiresAt: Date }>;
  logout(token: string): Promise<void>;
  authenticate(token: string): Promise<Admin | undefined>;
}

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function createAuthService(db: Database, settings: AuthSettings): AuthService {
  const createAdmin = async (rawEmail: string, password: string): Promise<Admin> => {
    const email = rawEmail.trim().toLowerCase();
    assertThat(/^[^\s@]+@[^\s@]+$/.test(email) && email.length <= 254, 'validation_failed', 'The email is not an email address.', [
      { field: 'email', message: 'must be an email address' },
    ]);
    assertThat(password.length >= MIN_PASSWORD_LENGTH, 'validation_failed', `The password must be at least ${MIN_PASSWORD_LENGTH} characters.`, [
      { field: 'password', message: `must be at least ${MIN_PASSWORD_LENGTH} characters` },
    ]);
    const created = await insertAdmin(db, email, await hashPassword(password));
    return { id: created.id, email: created.email };
  };

  return {
    createAdmin,

    hasAdmins: async () => (await countAdmins(db)) > 0,

    async ensureInitialAdmin() {
      if (!settings.initialAdmin || (await countAdmins(db)) > 0) return undefined;
      return createAdmin(settings.initialAdmin.email, settings.initialAdmin.password);
    },

    async login({ email, password, address, userAgent }) {
      const subjects = [`account:${email}`, `address:${address}`];
      const failures = await countRecentFailures(db, subjects, settings.failureWindowMs);
      if ((failures[subjects[0]!] ?? 0) >= settings.maxFailuresPerAccount || (failures[subjects[1]!] ?? 0) >= settings.maxFailuresPerAddress) {
        throw new AppError(
          'rate_limited',
          `Too many failed sign-ins; wait ${Math.ceil(settings.failureWindowMs / 60_000)} minutes and try again.`,
          { retryAfterSeconds: Math.ceil(settings.failureWindowMs / 1000) },
        );
      }

      const admin = await findAdminByEmail(db, email);
      const isValid = await verifyPassword(admin?.passwordHash ?? (await decoyPasswordHash()), password);
      if (!admin || !isValid) {
        await insertFailures(db, subjects);
        throw new AppError('invalid_credentials');
      }

      const token = randomBytes(32).toString('base64url');
      const expiresAt = new Date(Date.now() + settings.sessionTtlMs);
      await db.transaction(async (tx) => {
        await insertSession(tx, { tokenHash: hashSessionToken(token), adminId: admin.id, expiresAt, userAgent: userAgent.slice(0, 300) });
        await deleteFailures(tx, [subjects[0]!]);
      });
      // Housekeeping rides on sign-ins instead of a timer: cheap, and every instance shares it.
      void Promise.all([deleteExpiredSessions(db), deleteOldFailures(db, settings.failureWindowMs)]).catch(() => {});
      return { admin: { id: admin.id, email: admin.email }, token, expiresAt };
    },

    async logout(token) {
      await deleteSession(db, hashSessionToken(token));
    },

    async authenticate(token) {
      const session = await findLiveSession(db, hashSessionToken(token));
      return session && { id: session.adminId, email: session.email };
    },
  };
}
