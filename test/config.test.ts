import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('lists every bad value at once', () => {
    const failure = (() => {
      try {
        loadConfig({
          DATABASE_URL: 'mysql://localhost/catalog',
          PORT: 'eighty',
          LOG_LEVEL: 'loud',
          MIGRATION_LOCK_TIMEOUT_MS: '-5',
          MIGRATION_LEASE_MS: '10',
          MIGRATE_ON_START: 'maybe',
        });
      } catch (error) {
        return error;
      }
    })();
    expect(failure).toBeInstanceOf(ConfigError);
    const problems = (failure as ConfigError).problems;
    const keys = problems.map((problem) => problem.split(':', 1)[0]).sort();
    expect(keys).toEqual(['DATABASE_URL', 'LOG_LEVEL', 'MIGRATE_ON_START', 'MIGRATION_LEASE_MS', 'MIGRATION_LOCK_TIMEOUT_MS', 'PORT']);
    expect(problems.find((problem) => problem.startsWith('DATABASE_URL'))).toContain('must start with postgres:// or postgresql://');
    for (const problem of problems) expect((failure as ConfigError).message).toContain(problem);
  });

  it('gives the defaults a bare environment needs, frozen', () => {
    const config = loadConfig({ DATA_DIR: 'catalog-data', DATABASE_URL: '' });
    expect(config.database).toMatchObject({ kind: 'embedded' });
    expect(config.migrations).toMatchObject({ lockTimeoutMs: 2_000, lockRetries: 8, leaseMs: 30_000 });
    expect(Object.isFrozen(config.migrations)).toBe(true);
  });

  it('selects PostgreSQL when DATABASE_URL is set', () => {
    const config = loadConfig({ DATABASE_URL: 'postgresql://user@db.example.com:6543/postgres', MIGRATION_LOCK_RETRIES: '3' });
    expect(config.database).toMatchObject({ kind: 'postgres', url: 'postgresql://user@db.example.com:6543/postgres' });
    expect(config.migrations.lockRetries).toBe(3);
  });
});
