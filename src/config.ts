import path from 'node:path';
import { z } from 'zod';
import type { Provider } from './catalog/model-types.js';

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

const httpUrl = z
  .string()
  .trim()
  .refine((value) => /^https?:\/\/[^/]/.test(value), 'must be an http:// or https:// URL')
  .transform((value) => value.replace(/\/+$/, ''));

/** A 256-bit key as 64 hex digits or base64; undefined when it is neither. */
export function secretKeyBytes(value: string): Buffer | undefined {
  const bytes = /^[0-9a-fA-F]{64}$/.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
  return bytes.length === 32 ? bytes : undefined;
}

const environmentSchema = z.object({
  DATABASE_URL: postgresUrl.optional(),
  DATABASE_DIRECT_URL: postgresUrl.optional(),
  // auto: a transaction pooler is recognised by Supabase's pooler host or port 6543, or PgBouncer's 6432.
  DATABASE_POOL_MODE: z.enum(['auto', 'transaction', 'session']).default('auto'),
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
  ADMIN_EMAIL: z.string().trim().toLowerCase().email().optional(),
  ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
  SESSION_TTL_HOURS: z.coerce.number().positive().max(24 * 30).default(12),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().positive().default(5),
  LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().positive().default(20),
  LOGIN_FAILURE_WINDOW_MINUTES: z.coerce.number().positive().default(15),
  TRUST_PROXY: booleanFlag.default(false),
  PUBLIC_URL: z.url().optional(),
  // Gateway providers: a base URL and a key each (keys set through the admin API win over these).
  OPENROUTER_API_KEY: z.string().trim().min(1).optional(),
  OPENROUTER_BASE_URL: httpUrl.default('https://openrouter.ai/api/v1'),
  OPENAI_API_KEY: z.string().trim().min(1).optional(),
  OPENAI_BASE_URL: httpUrl.default('https://api.openai.com/v1'),
  OPENAI_COMPATIBLE_API_KEY: z.string().trim().min(1).optional(),
  OPENAI_COMPATIBLE_BASE_URL: httpUrl.optional(),
  REPLICATE_API_KEY: z.string().trim().min(1).optional(),
  REPLICATE_BASE_URL: httpUrl.default('https://api.replicate.com/v1'),
  GATEWAY_CONNECT_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  // Reasoning models can think for minutes before their first token.
  GATEWAY_FIRST_BYTE_TIMEOUT_MS: z.coerce.number().int().positive().default(300_000),
  GATEWAY_IDLE_TIMEOUT_MS: z.coerce.number().int().positive().default(120_000),
  GATEWAY_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  // A `: ping` comment after this much silence on a stream, so proxies keep it open.
  GATEWAY_SSE_PING_MS: z.coerce.number().int().min(50).default(15_000),
  GATEWAY_RETRY_BASE_MS: z.coerce.number().int().min(0).default(250),
  // Half the one-second budget for a change to reach every instance when LISTEN is unavailable.
  GATEWAY_CACHE_POLL_MS: z.coerce.number().int().min(100).default(500),
  USAGE_FLUSH_MS: z.coerce.number().int().min(10).default(1_000),
  USAGE_RETENTION_DAYS: z.coerce.number().int().min(1).default(90),
  VIDEO_POLL_MS: z.coerce.number().int().min(10).default(5_000),
  SWITCHBOARD_SECRET_KEY: z
    .string()
    .trim()
    .refine((value) => secretKeyBytes(value) !== undefined, 'must be 32 bytes as 64 hex digits or base64')
    .optional(),
});

export type Environment = Record<string, string | undefined>;

export interface Config {
  readonly database:
    | { readonly kind: 'embedded'; readonly dataDir: string }
    | {
        readonly kind: 'postgres';
        readonly url: string;
        /** A direct (session) connection for LISTEN and long steps, when DATABASE_URL is a pooler. */
        readonly directUrl: string | undefined;
        /** DATABASE_URL goes through a transaction-mode pooler: no session state, no LISTEN. */
        readonly isTransactionPooler: boolean;
      };
  readonly http: { readonly host: string; readonly port: number };
  readonly logLevel: z.infer<typeof environmentSchema>['LOG_LEVEL'];
  readonly migrations: MigrationSettings;
  readonly migrateOnStart: boolean;
  readonly gateway: GatewaySettings;
  readonly auth: AuthSettings;
}

export interface AuthSettings {
  /** The first admin, created at start when no admin exists. */
  readonly initialAdmin: { readonly email: string; readonly password: string } | undefined;
  readonly sessionTtlMs: number;
  readonly maxFailuresPerAccount: number;
  readonly maxFailuresPerAddress: number;
  readonly failureWindowMs: number;
  /** Behind a reverse proxy: believe X-Forwarded-Proto/For (for Secure cookies and the throttle's address). */
  readonly trustProxy: boolean;
  /** Origins allowed for state-changing requests besides the server's own (the URL users open). */
  readonly allowedOrigins: readonly string[];
}

export interface ProviderSettings {
  readonly baseUrl: string | undefined;
  readonly apiKey: string | undefined;
}

export interface GatewaySettings {
  readonly providers: Readonly<Record<Provider, ProviderSettings>>;
  readonly connectTimeoutMs: number;
  /** Time to the upstream's response headers (the first byte). */
  readonly firstByteTimeoutMs: number;
  /** Longest silence between two chunks of an upstream body. */
  readonly idleTimeoutMs: number;
  /** Extra attempts on 429, 5xx and connection errors, only before the client sees a byte. */
  readonly maxRetries: number;
  readonly retryBaseMs: number;
  readonly ssePingMs: number;
  /** How often the in-memory catalog is re-read when LISTEN/NOTIFY is unavailable. */
  readonly cachePollMs: number;
  readonly usageFlushMs: number;
  readonly usageRetentionDays: number;
  readonly videoPollMs: number;
  /** 32 bytes for AES-256-GCM; undefined when SWITCHBOARD_SECRET_KEY is unset. */
  readonly secretKey: string | undefined;
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
  if (Boolean(env.ADMIN_EMAIL) !== Boolean(env.ADMIN_PASSWORD)) {
    throw new ConfigError(['ADMIN_EMAIL and ADMIN_PASSWORD: set both to create the first admin, or neither']);
  }
  const config: Config = {
    database: env.DATABASE_URL
      ? {
          kind: 'postgres',
          url: env.DATABASE_URL,
          directUrl: env.DATABASE_DIRECT_URL,
          isTransactionPooler: env.DATABASE_POOL_MODE === 'auto' ? looksLikeTransactionPooler(env.DATABASE_URL) : env.DATABASE_POOL_MODE === 'transaction',
        }
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
    auth: {
      initialAdmin: env.ADMIN_EMAIL && env.ADMIN_PASSWORD ? { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD } : undefined,
      sessionTtlMs: env.SESSION_TTL_HOURS * 3_600_000,
      maxFailuresPerAccount: env.LOGIN_MAX_FAILURES_PER_ACCOUNT,
      maxFailuresPerAddress: env.LOGIN_MAX_FAILURES_PER_ADDRESS,
      failureWindowMs: env.LOGIN_FAILURE_WINDOW_MINUTES * 60_000,
      trustProxy: env.TRUST_PROXY,
      allowedOrigins: env.PUBLIC_URL ? [new URL(env.PUBLIC_URL).origin] : [],
    },
    gateway: {
      providers: {
        OPENROUTER: { baseUrl: env.OPENROUTER_BASE_URL, apiKey: env.OPENROUTER_API_KEY },
        OPENAI: { baseUrl: env.OPENAI_BASE_URL, apiKey: env.OPENAI_API_KEY },
        OPENAI_COMPATIBLE: { baseUrl: env.OPENAI_COMPATIBLE_BASE_URL, apiKey: env.OPENAI_COMPATIBLE_API_KEY },
        REPLICATE: { baseUrl: env.REPLICATE_BASE_URL, apiKey: env.REPLICATE_API_KEY },
      },
      connectTimeoutMs: env.GATEWAY_CONNECT_TIMEOUT_MS,
      firstByteTimeoutMs: env.GATEWAY_FIRST_BYTE_TIMEOUT_MS,
      idleTimeoutMs: env.GATEWAY_IDLE_TIMEOUT_MS,
      maxRetries: env.GATEWAY_MAX_RETRIES,
      retryBaseMs: env.GATEWAY_RETRY_BASE_MS,
      ssePingMs: env.GATEWAY_SSE_PING_MS,
      cachePollMs: env.GATEWAY_CACHE_POLL_MS,
      usageFlushMs: env.USAGE_FLUSH_MS,
      usageRetentionDays: env.USAGE_RETENTION_DAYS,
      videoPollMs: env.VIDEO_POLL_MS,
      secretKey: env.SWITCHBOARD_SECRET_KEY,
    },
  };
  return deepFreeze(config);
}

export function looksLikeTransactionPooler(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.port === '6543' || parsed.port === '6432' || parsed.hostname.includes('.pooler.') || parsed.searchParams.get('pgbouncer') === 'true';
  } catch {
    return false;
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
