import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { MigrationSettings } from '../config.js';
import { isPostgresError, type Database, type Queryable } from '../db/database.js';
import { inspectSchema, type SchemaReport } from './drift.js';
import { MigrationError } from './errors.js';
import { loadMigrations, type MigrationFile } from './files.js';
import {
  bootstrapHistory,
  deleteAppliedMigration,
  describeLease,
  historyExists,
  insertAppliedMigration,
  isMigrationApplied,
  listAppliedMigrations,
  MIGRATION_XACT_LOCK_KEY,
  releaseLease,
  renewLease,
  tryAcquireLease,
  type AppliedMigration,
} from './history.js';
import { parseSteps, stripLeadingComments, transactionalStatements } from './script.js';

export const APPLY_COMMAND = 'npx switchboard migrate up';

export interface MigrationStatus {
  applied: (AppliedMigration & { isChanged: boolean; isKnown: boolean })[];
  pending: string[];
  /** Applied migrations whose file was edited afterwards. */
  changed: string[];
  /** Applied migrations this version of the code does not have (a newer deployment applied them). */
  unknown: string[];
  appliedVersion: string | null;
  schema: SchemaReport;
}

export interface PlannedStep {
  name: string;
  direction: 'up' | 'down' | 'adopt';
  sql: string;
}

export interface VerifyResult {
  name: string;
  ok: boolean;
  error?: string;
}

export interface MigratorOptions {
  db: Database;
  settings: MigrationSettings;
  /** Progress lines for an operator (the CLI prints them; the server logs them). */
  log?: (line: string) => void;
}

/** Thrown inside a transaction to roll it back on purpose (verify never changes anything). */
class RollbackOnPurpose extends Error {}

export class Migrator {
  private readonly db: Database;
  private readonly settings: MigrationSettings;
  private readonly log: (line: string) => void;
  private readonly holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

  constructor(options: MigratorOptions) {
    this.db = options.db;
    this.settings = options.settings;
    this.log = options.log ?? (() => {});
  }

  loadFiles(): Promise<MigrationFile[]> {
    return loadMigrations(this.settings.dir);
  }

  async status(): Promise<MigrationStatus> {
    const files = await this.loadFiles();
    const applied = await listAppliedMigrations(this.db);
    const byName = new Map(files.map((file) => [file.name, file]));
    const appliedNames = new Set(applied.map((entry) => entry.name));
    const rows = applied.map((entry) => {
      const file = byName.get(entry.name);
      return { ...entry, isKnown: file !== undefined, isChanged: file !== undefined && file.checksum !== entry.checksum };
    });
    return {
      applied: rows,
      pending: files.filter((file) => !appliedNames.has(file.name)).map((file) => file.name),
      changed: rows.filter((row) => row.isChanged).map((row) => row.name),
      unknown: rows.filter((row) => !row.isKnown).map((row) => row.name),
      appliedVersion: applied.at(-1)?.name ?? null,
      schema: await inspectSchema(this.db, appliedNames),
    };
  }

  /** Applies pending migrations in order, up to and including `to`. */
  async up(options: { to?: string; dryRun?: boolean } = {}): Promise<{ applied: string[]; plan: PlannedStep[] }> {
    const files = await this.loadFiles();
    const target = options.to === undefined ? undefined : resolveVersion(files, options.to);
    const selectPending = (applied: AppliedMigration[]) => {
      assertUnchanged(files, applied);
      const appliedNames = new Set(applied.map((entry) => entry.name));
      return files.filter((file) => !appliedNames.has(file.name) && (target === undefined || file.version <= target));
    };

    if (options.dryRun) {
      const pending = selectPending(await listAppliedMigrations(this.db));
      return { applied: [], plan: pending.map((file) => ({ name: file.name, direction: 'up', sql: file.up })) };
    }

    await this.db.transaction(bootstrapHistory);
    return this.withLease(async (assertLeaseHeld) => {
      const applied: string[] = [];
      // Read again under the lease: another runner may have applied some meanwhile.
      for (const file of selectPending(await listAppliedMigrations(this.db))) {
        assertLeaseHeld();
        const started = performance.now();
        const wasApplied = file.transactional ? await this.applyInTransaction(file) : await this.applyInSteps(file);
        if (wasApplied) {
          applied.push(file.name);
          this.log(`applied ${file.name} (${Math.round(performance.now() - started)} ms)`);
        }
      }
      return { applied, plan: [] };
    });
  }

  /** Reverts applied migrations, newest first: down to (not including) `to`, or the last `steps`. */
  async down(options: { to?: string; steps?: number; dryRun?: boolean }): Promise<{ reverted: string[]; plan: PlannedStep[] }> {
    const files = await this.loadFiles();
    const select = (applied: AppliedMigration[]) => {
      assertUnchanged(files, applied);
      let selected: AppliedMigration[];
      if (options.to !== undefined) {
        const target = options.to === '0' || options.to === '0000' ? '0000' : resolveVersion(files, options.to);
        selected = applied.filter((entry) => entry.version > target);
      } else {
        selected = applied.slice(Math.max(0, applied.length - (options.steps ?? 1)));
      }
      return selected.reverse().map((entry) => {
        const file = files.find((candidate) => candidate.name === entry.name);
        if (!file) {
          throw new MigrationError(
            `${entry.name} is applied, but this version of Switchboard has no file for it, so it cannot be reverted.`,
            'unchanged.',
            'run the down from the newer version of Switchboard that applied it.',
          );
        }
        return file;
      });
    };

    if (options.dryRun) {
      const selected = select(await listAppliedMigrations(this.db));
      return { reverted: [], plan: selected.map((file) => ({ name: file.name, direction: 'down', sql: file.down })) };
    }
    if (!(await historyExists(this.db))) return { reverted: [], plan: [] };

    return this.withLease(async (assertLeaseHeld) => {
      const reverted: string[] = [];
      for (const file of select(await listAppliedMigrations(this.db))) {
        assertLeaseHeld();
        await this.revert(file, reverted);
        reverted.push(file.name);
        this.log(`reverted ${file.name}`);
      }
      return { reverted, plan: [] };
    });
  }

  /** Runs the verify file of every applied migration, and the drift check. Changes nothing. */
  async verify(): Promise<{ ok: boolean; results: VerifyResult[]; status: MigrationStatus }> {
    const files = await this.loadFiles();
    const status = await this.status();
    const results: VerifyResult[] = [];
    for (const entry of status.applied) {
      const file = files.find((candidate) => candidate.name === entry.name);
      if (!file) continue;
      results.push({ name: file.name, ...(await this.runVerify(file)) });
    }
    for (const name of status.changed) {
      results.push({ name, ok: false, error: `${name}.sql was edited after it was applied` });
    }
    const ok = results.every((result) => result.ok) && status.schema.drift.length === 0;
    return { ok, results, status };
  }

  /**
   * For databases changed by hand: records pending migrations as applied, in order, while
   * their verify passes, and stops at the first that fails.
   */
  async adopt(options: { dryRun?: boolean } = {}): Promise<{ adopted: string[]; stoppedAt?: VerifyResult; plan: PlannedStep[] }> {
    const files = await this.loadFiles();
    const run = async (record: boolean) => {
      const applied = await listAppliedMigrations(this.db);
      assertUnchanged(files, applied);
      const appliedNames = new Set(applied.map((entry) => entry.name));
      const adopted: string[] = [];
      for (const file of files.filter((candidate) => !appliedNames.has(candidate.name))) {
        const result = await this.runVerify(file);
        if (!result.ok) return { adopted, stoppedAt: { name: file.name, ...result } };
        if (record) {
          await this.db.transaction((tx) =>
            insertAppliedMigration(tx, { version: file.version, name: file.name, checksum: file.checksum, executionMs: 0, method: 'adopt' }),
          );
          this.log(`adopted ${file.name} (its verify passed)`);
        }
        adopted.push(file.name);
      }
      return { adopted };
    };

    if (options.dryRun) {
      const result = await run(false);
      return { ...result, plan: result.adopted.map((name) => ({ name, direction: 'adopt', sql: files.find((file) => file.name === name)!.verify })) };
    }
    await this.db.transaction(bootstrapHistory);
    return this.withLease(async () => ({ ...(await run(true)), plan: [] }));
  }

  private async runVerify(file: MigrationFile): Promise<{ ok: boolean; error?: string }> {
    try {
      await this.db.transaction(async (tx) => {
        await tx.exec(file.verify);
        throw new RollbackOnPurpose();
      });
      return { ok: true };
    } catch (error) {
      if (error instanceof RollbackOnPurpose) return { ok: true };
      return { ok: false, error: describeDatabaseError(error) };
    }
  }

  private async applyInTransaction(file: MigrationFile): Promise<boolean> {
    const statements = transactionalStatements(file.up, `${file.name}.sql`);
    try {
      return await this.retryOnLockTimeout(file.name, () =>
        this.db.transaction(async (tx) => {
          // Serialise with any other runner; then a migration applied meanwhile is skipped.
          await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_XACT_LOCK_KEY]);
          if (await isMigrationApplied(tx, file.version)) return false;
          await this.setLocalTimeouts(tx);
          const started = performance.now();
          for (const statement of statements) await tx.exec(statement);
          await insertAppliedMigration(tx, {
            version: file.version,
            name: file.name,
            checksum: file.checksum,
            executionMs: Math.round(performance.now() - started),
            method: 'up',
          });
          return true;
        }),
      );
    } catch (error) {
      if (error instanceof MigrationError) throw error;
      throw new MigrationError(
        `${file.name} failed: ${describeDatabaseError(error)}`,
        `unchanged: ${file.name} ran in one transaction, which was rolled back; ${await this.describeVersion()}.`,
        `fix the cause (or the migration, if it has never been applied anywhere) and run "${APPLY_COMMAND}" again.`,
        { cause: error },
      );
    }
  }

  private async applyInSteps(file: MigrationFile): Promise<boolean> {
    const steps = parseSteps(file.up, `${file.name}.sql`);
    if (await isMigrationApplied(this.db, file.version)) return false;
    const started = performance.now();
    let completed = 0;
    try {
      await this.db.withSession(async (session) => {
        for (const step of steps) {
          await this.retryOnLockTimeout(file.name, async () => {
            if (step.kind === 'statement' && mustRunOutsideTransaction(step.statement)) {
              // CREATE INDEX CONCURRENTLY and its kind refuse a transaction block: session
              // settings, reset right after. Through a transaction pooler the settings may land on
              // another server session; run such migrations with a direct DATABASE_URL.
              await session.exec(`SET lock_timeout = ${this.settings.lockTimeoutMs}; SET statement_timeout = ${this.settings.statementTimeoutMs}`);
              try {
                await session.exec(step.statement);
              } finally {
                await session.exec('RESET lock_timeout; RESET statement_timeout').catch(() => {});
              }
              return;
            }
            // Everything else, a lone statement (VALIDATE CONSTRAINT) included, runs in a transaction
            // of its own with SET LOCAL timeouts, so a pooler keeps the timeouts and the statement
            // on one server session.
            const statements = step.kind === 'block' ? step.statements : [step.statement];
            await session.exec('BEGIN');
            try {
              await this.setLocalTimeouts(session);
              // The block and its COMMIT go in one round trip: a lock it takes (0002's ACCESS
              // EXCLUSIVE) is then held for the server's work only, not for client round trips,
              // which reach tens of ms to a hosted database. A failing statement skips the rest.
              await session.exec(`${statements.join('\n;\n')}\n;\nCOMMIT`);
            } catch (error) {
              await session.exec('ROLLBACK').catch(() => {});
              throw error;
            }
          });
          completed += 1;
        }
      });
    } catch (error) {
      if (error instanceof MigrationError) throw error;
      throw new MigrationError(
        `${file.name} failed at step ${completed + 1} of ${steps.length}: ${describeDatabaseError(error)}`,
        `${file.name} is not recorded as applied; ${completed} of its ${steps.length} steps completed, each in its own transaction, and the failed step was rolled back; ${await this.describeVersion()}. Its steps are written to be rerun.`,
        `fix the cause and run "${APPLY_COMMAND}" again: it reruns ${file.name} from its first step.`,
        { cause: error },
      );
    }
    await this.db.transaction((tx) =>
      insertAppliedMigration(tx, {
        version: file.version,
        name: file.name,
        checksum: file.checksum,
        executionMs: Math.round(performance.now() - started),
        method: 'up',
      }),
    );
    return true;
  }

  private async revert(file: MigrationFile, revertedSoFar: string[]): Promise<void> {
    const statements = transactionalStatements(file.down, `${file.name}.down.sql`);
    try {
      await this.retryOnLockTimeout(file.name, () =>
        this.db.transaction(async (tx) => {
          await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_XACT_LOCK_KEY]);
          if (!(await isMigrationApplied(tx, file.version))) return;
          await this.setLocalTimeouts(tx);
          for (const statement of statements) await tx.exec(statement);
          await deleteAppliedMigration(tx, file.version);
        }),
      );
    } catch (error) {
      if (error instanceof MigrationError) throw error;
      const earlier = revertedSoFar.length > 0 ? ` (${revertedSoFar.join(', ')} were reverted before it)` : '';
      throw new MigrationError(
        `The down of ${file.name} refused or failed: ${describeDatabaseError(error)}`,
        `unchanged by this step: the down of ${file.name} ran in one transaction, which was rolled back${earlier}; ${await this.describeVersion()}.`,
        'resolve what the message names, then run the down again; or leave the database where it is.',
        { cause: error },
      );
    }
  }

  private async setLocalTimeouts(tx: Queryable): Promise<void> {
    await tx.query(`SELECT set_config('lock_timeout', $1, true), set_config('statement_timeout', $2, true)`, [
      `${this.settings.lockTimeoutMs}ms`,
      `${this.settings.statementTimeoutMs}ms`,
    ]);
  }

  /** A step that waited past lock_timeout changed nothing; try again after a growing pause. */
  private async retryOnLockTimeout<T>(name: string, attempt: () => Promise<T>): Promise<T> {
    for (let tries = 0; ; tries += 1) {
      try {
        return await attempt();
      } catch (error) {
        if (!isPostgresError(error) || error.code !== '55P03') throw error;
        if (tries >= this.settings.lockRetries) {
          throw new MigrationError(
            `${name} could not get the lock it needs within ${this.settings.lockTimeoutMs} ms (${tries + 1} attempt${tries === 0 ? "" : "s"}): another session holds a conflicting lock (often a long transaction on the same table).`,
            `unchanged by the step that waited; ${await this.describeVersion()}.`,
            `find the blocking session (SELECT pid, state, query FROM pg_stat_activity WHERE pid = ANY (pg_blocking_pids(<pid>))), let it finish, and run "${APPLY_COMMAND}" again; or raise MIGRATION_LOCK_TIMEOUT_MS / MIGRATION_LOCK_RETRIES.`,
            { cause: error },
          );
        }
        const pause = Math.min(5_000, 100 * 2 ** tries) * (0.75 + Math.random() * 0.5);
        this.log(`${name}: lock not available within ${this.settings.lockTimeoutMs} ms, retrying in ${Math.round(pause)} ms`);
        await sleep(pause);
      }
    }
  }

  /** Runs `work` while holding the migration lease, renewing it in the background. */
  private async withLease<T>(work: (assertLeaseHeld: () => void) => Promise<T>): Promise<T> {
    const deadline = Date.now() + this.settings.waitMs;
    let pause = 50;
    let announced = false;
    while (!(await tryAcquireLease(this.db, this.holder, this.settings.leaseMs))) {
      const lease = await describeLease(this.db);
      if (Date.now() >= deadline) {
        throw new MigrationError(
          `Another migration runner (${lease.holder ?? 'unknown'}) has held the migration lock for longer than ${this.settings.waitMs} ms.`,
          `unchanged by this runner; ${await this.describeVersion()}.`,
          `wait for that runner to finish (its lease expires at ${lease.expiresAt?.toISOString() ?? 'an unknown time'} if it has died), then try again.`,
        );
      }
      if (!announced) {
        this.log(`waiting for the migration lock held by ${lease.holder ?? 'another runner'}`);
        announced = true;
      }
      await sleep(pause * (0.5 + Math.random()));
      pause = Math.min(1_000, pause * 2);
    }

    let isLeaseLost = false;
    const heartbeat = setInterval(() => {
      renewLease(this.db, this.holder, this.settings.leaseMs).then(
        (isRenewed) => {
          if (!isRenewed) isLeaseLost = true;
        },
        () => {}, // one missed beat is fine; the lease outlives several
      );
    }, Math.max(100, Math.floor(this.settings.leaseMs / 3)));
    heartbeat.unref();

    try {
      return await work(() => {
        if (isLeaseLost) {
          throw new MigrationError(
            'This runner lost the migration lock (its lease expired, so another runner may have taken over).',
            'every migration reported as applied above is complete; nothing else was started.',
            `run "${APPLY_COMMAND}" again.`,
          );
        }
      });
    } finally {
      clearInterval(heartbeat);
      await releaseLease(this.db, this.holder).catch(() => {});
    }
  }

  private async describeVersion(): Promise<string> {
    try {
      const applied = await listAppliedMigrations(this.db);
      return applied.length > 0 ? `the database is at ${applied.at(-1)!.name}` : 'no migration is applied';
    } catch {
      return 'the current version could not be read';
    }
  }
}

/** Statements PostgreSQL refuses to run inside a transaction block. */
function mustRunOutsideTransaction(statement: string): boolean {
  return /\b(CONCURRENTLY|VACUUM|ALTER\s+SYSTEM|(CREATE|DROP)\s+DATABASE|REINDEX\s+(SYSTEM|DATABASE))\b/i.test(stripLeadingComments(statement));
}

function assertUnchanged(files: MigrationFile[], applied: AppliedMigration[]): void {
  for (const entry of applied) {
    const file = files.find((candidate) => candidate.name === entry.name);
    if (file && file.checksum !== entry.checksum) {
      throw new MigrationError(
        `${entry.name}.sql was edited after it was applied (recorded checksum ${entry.checksum.slice(0, 12)}, file now ${file.checksum.slice(0, 12)}).`,
        `unchanged; the database is at ${applied.at(-1)!.name}.`,
        `restore ${entry.name}.sql as it was applied (from version control), and put the change in a new migration ("npx switchboard migrate create NAME").`,
      );
    }
  }
}

function resolveVersion(files: MigrationFile[], reference: string): string {
  const match = files.find((file) => file.version === reference || file.name === reference || file.name === reference.replace(/\.sql$/, ''));
  if (!match) {
    throw new MigrationError(
      `There is no migration "${reference}".`,
      'unchanged.',
      `name one of: ${files.map((file) => file.name).join(', ')} (the 4-digit version is enough).`,
    );
  }
  return match.version;
}

export function describeDatabaseError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const extra = isPostgresError(error) ? [error.detail, error.hint && `Hint: ${error.hint}`].filter(Boolean).join(' ') : '';
  return extra ? `${error.message}. ${extra}` : error.message;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
