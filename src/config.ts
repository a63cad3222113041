import path from 'node:path';
import { z } from 'zod';

/**
 * The environment becomes one typed, frozen object at start. A bad value stops the
 * start with every problem listed, so a typo never surfaces later at request time.
 */
const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const postgresUrl = z
  .string()
  .trim()
  .refine((value) => /^postgres(ql)?:\/\//.test(value), 'must start with postgres:// or postgresql://');

const environmentSchema = z.object({
  DATABASE_URL: postgresUrl.optional(),
  DATABASE_DIRECT_URL: postgresUrl.optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MIGRATIONS_DIR: z.string().min(1).optional(),
  MIGRATION_LOCK_TIMEOUT_MS: z.coerce.number().int().positive().default(2_000),
  MIGRATION_LOCK_RETRIES: z.coerce.number().int().min(0).max(100).default(8),
  MIGRATION_STATEMENT_TIMEOUT_MS: z.coerce.number().int().positive().default(15 * 60_000),
  MIGRATION_LEASE_MS: z.coerce.number().int().min(500).default(30_000),
  MIGRATION_WAIT_MS: z.coerce.number().int().positive().default(10 * 60_000),
  MIGRATE_ON_START: booleanFlag.default(true),
});

export type Environment = Record<string, string | undefined>;

export interface Config {
  readonly database:
    | { readonly kind: 'embedded'; readonly dataDir: string }
    | { readonly kind: 'postgres'; readonly url: string; readonly directUrl: string | undefined };
  readonly http: { readonly host: string; readonly port: number };
  readonly logLevel: z.infer<typeof environmentSchema>['LOG_LEVEL'];
  readonly migrations: MigrationSettings;
  readonly migrateOnStart: boolean;
}

export interface MigrationSettings {
  readonly dir: string;
  /** lock_timeout for each migration step; a step that waits longer is retried with backoff. */
  readonly lockTimeoutMs: number;
  readonly lockRetries: number;
  /** statement_timeout for each migration step: its own budget, separate from the app's. */
  readonly statementTimeoutMs: number;
  /** How long the migration lease lives without a heartbeat (a killed runner frees it after this). */
  readonly leaseMs: number;
  /** How long a runner waits for another runner's lease before giving up. */
  readonly waitMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** The migrations shipped with the package, whatever the working directory. */
export const packagedMigrationsDir = path.resolve(import.meta.dirname, '..', 'migrations');

export function loadConfig(environment: Environment): Config {
  // Empty strings are treated as unset, as shells and .env files often produce them.
  const present = Object.fromEntries(Object.entries(environment).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = environmentSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const env = parsed.data;
  const config: Config = {
    database: env.DATABASE_URL
      ? { kind: 'postgres', url: env.DATABASE_URL, directUrl: env.DATABASE_DIRECT_URL }
      : { kind: 'embedded', dataDir: path.resolve(env.DATA_DIR) },
    http: { host: env.HOST, port: env.PORT },
    logLevel: env.LOG_LEVEL,
    migrations: {
      dir: env.MIGRATIONS_DIR ? path.resolve(env.MIGRATIONS_DIR) : packagedMigrationsDir,
      lockTimeoutMs: env.MIGRATION_LOCK_TIMEOUT_MS,
      lockRetries: env.MIGRATION_LOCK_RETRIES,
      statementTimeoutMs: env.MIGRATION_STATEMENT_TIMEOUT_MS,
      leaseMs: env.MIGRATION_LEASE_MS,
      waitMs: env.MIGRATION_WAIT_MS,
    },
    migrateOnStart: env.MIGRATE_ON_START,
  };
  return deepFreeze(config);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
