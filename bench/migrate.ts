/**
 * npm run bench:migrate [-- ROWS]
 *
 * Adds CHAT to a full ai_models table twice while a writer inserts rows in a tight loop:
 * once through the engine (0002: NOT VALID, VALIDATE, swap) and once with the seed's SQL
 * (DROP CONSTRAINT IF EXISTS + ADD CONSTRAINT, statement by statement as psql runs it).
 * Both runs start from the same table: the second database is a template copy of the first.
 *
 * Prints, for each: the longest insert stall, p50/p99 insert latency, the longest stall in the
 * second before the migration (the machine's noise floor), how long ACCESS EXCLUSIVE was seen
 * held on the table, and the seed/engine ratio of the longest stall.
 * Needs DATABASE_URL (a PostgreSQL server where it may create and drop scratch databases).
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { openPostgres } from '../src/db/postgres.js';
import { Migrator } from '../src/migrate/engine.js';

const DEFAULT_ROWS = 2_000_000;
const FILL_BATCH_ROWS = 250_000;
/** Inserts the writer completes before measuring, so the loop is warm. */
const WARM_UP_INSERTS = 200;
/** How long the writer is timed before the migration: its longest stall then is the machine's noise floor. */
const BASELINE_MS = 1_000;
const TARGET_ENGINE_STALL_MS = 50;
const TARGET_RATIO = 10;

const SEED_STATEMENTS = [
  'ALTER TABLE ai_models DROP CONSTRAINT IF EXISTS ai_models_type_check',
  `ALTER TABLE ai_models ADD CONSTRAINT ai_models_type_check
    CHECK (type IN ('IMAGE', 'VIDEO', 'CHAT'))`,
];

interface RunFigures {
  label: string;
  migrationMs: number;
  inserts: number;
  longestStallMs: number;
  baselineStallMs: number;
  p50Ms: number;
  p99Ms: number;
  accessExclusiveMs: number;
  accessExclusiveSpells: number;
}

const serverUrl = process.env.DATABASE_URL;
if (!serverUrl) {
  process.stderr.write(
    'bench:migrate needs DATABASE_URL: a PostgreSQL server on which it may create and drop scratch databases,\n' +
      'e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:migrate\n',
  );
  process.exit(2);
}
const rows = parseRows(process.argv[2] ?? process.env.BENCH_ROWS);

const suffix = randomUUID().replace(/-/g, '').slice(0, 12);
const engineDb = `switchboard_bench_engine_${suffix}`;
const seedDb = `switchboard_bench_seed_${suffix}`;

const admin = new pg.Client({ connectionString: serverUrl, application_name: 'switchboard-bench' });
await admin.connect();
try {
  const serverVersion = (await admin.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;
  log(`PostgreSQL ${serverVersion}; ${rows.toLocaleString('en-US')} rows`);

  await admin.query(`CREATE DATABASE ${engineDb}`);
  await buildTableAt0001(urlFor(engineDb), rows);
  // An identical copy of the filled table for the seed's run (no connection may be open to the template).
  await admin.query(`CREATE DATABASE ${seedDb} TEMPLATE ${engineDb}`);

  const engine = await measureWhileWriting('engine (0002)', urlFor(engineDb), async () => {
    const db = openPostgres({ url: urlFor(engineDb), maxConnections: 2, applicationName: 'bench-migrator' });
    try {
      const result = await new Migrator({ db, settings: loadConfig({ DATABASE_URL: urlFor(engineDb) }).migrations }).up({ to: '0002' });
      if (result.applied.length !== 1) throw new Error(`expected to apply 0002, applied: ${result.applied.join(', ') || 'nothing'}`);
    } finally {
      await db.close();
    }
  });

  const seed = await measureWhileWriting("seed's SQL", urlFor(seedDb), async () => {
    const client = new pg.Client({ connectionString: urlFor(seedDb), application_name: 'bench-psql' });
    await client.connect();
    try {
      // psql -f without --single-transaction: each statement commits on its own.
      for (const statement of SEED_STATEMENTS) await client.query(statement);
    } finally {
      await client.end();
    }
  });

  printReport([engine, seed], rows);
} finally {
  for (const name of [seedDb, engineDb]) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
  await admin.end();
}

async function buildTableAt0001(url: string, count: number): Promise<void> {
  const db = openPostgres({ url, maxConnections: 2, applicationName: 'bench-setup' });
  try {
    await new Migrator({ db, settings: loadConfig({ DATABASE_URL: url }).migrations }).up({ to: '0001' });
    const started = performance.now();
    for (let first = 1; first <= count; first += FILL_BATCH_ROWS) {
      const last = Math.min(count, first + FILL_BATCH_ROWS - 1);
      await db.query(
        `INSERT INTO public.ai_models (name, display_name, type, provider, api_path)
         SELECT 'bench/model-' || i, 'Model ' || i, CASE WHEN i % 2 = 0 THEN 'IMAGE' ELSE 'VIDEO' END, 'OPENROUTER', 'bench/model-' || i
         FROM generate_series($1::int, $2::int) AS i`,
        [first, last],
      );
      log(`  filled ${last.toLocaleString('en-US')} rows`);
    }
    // A live table has been vacuumed; without this the first scan also pays for setting hint bits.
    await db.exec('VACUUM (ANALYZE) public.ai_models');
    log(`  table at 0001 with ${count.toLocaleString('en-US')} rows in ${seconds(performance.now() - started)}`);
  } finally {
    await db.close();
  }
}

/**
 * Runs `migrate` while one connection inserts single rows in a loop (timing each) and
 * another polls pg_locks for an ACCESS EXCLUSIVE lock granted on ai_models.
 */
async function measureWhileWriting(label: string, url: string, migrate: () => Promise<void>): Promise<RunFigures> {
  log(`${label}: migrating while a writer inserts`);
  const writer = new pg.Client({ connectionString: url, application_name: 'bench-writer' });
  const watcher = new pg.Client({ connectionString: url, application_name: 'bench-lock-watcher' });
  await Promise.all([writer.connect(), watcher.connect()]);
  // The writer measures waiting for locks, not the disk: with a flush per commit, the disk's
  // own latency spikes (tens of ms on a shared machine) would hide what the migration costs.
  await writer.query('SET synchronous_commit = off');
  const tableOid = (await watcher.query<{ oid: number }>(`SELECT 'public.ai_models'::regclass::oid::int AS oid`)).rows[0]!.oid;

  let isRunning = true;
  const latencies: number[] = [];
  const writing = (async () => {
    for (let i = 0; isRunning; i += 1) {
      const started = performance.now();
      await writer.query(`INSERT INTO public.ai_models (name, display_name, type, provider, api_path) VALUES ($1, $1, 'IMAGE', 'OPENROUTER', $1)`, [
        `bench/live-${i}`,
      ]);
      latencies.push(performance.now() - started);
    }
  })();

  // Each spell of the lock counts from the start of the first poll that saw it to the end of
  // the last one that did: an upper bound, within about one poll (~1 ms) of the truth.
  const spells: { from: number; to: number }[] = [];
  const watching = (async () => {
    let spell: { from: number; to: number } | undefined;
    while (isRunning) {
      const sentAt = performance.now();
      const result = await watcher.query<{ held: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM pg_locks
                         WHERE locktype = 'relation' AND relation = $1 AND mode = 'AccessExclusiveLock' AND granted
                           AND database = (SELECT oid FROM pg_database WHERE datname = current_database())) AS held`,
        [tableOid],
      );
      const answeredAt = performance.now();
      if (result.rows[0]!.held) {
        spell ??= { from: sentAt, to: answeredAt };
        spell.to = answeredAt;
      } else if (spell) {
        spells.push(spell);
        spell = undefined;
      }
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    if (spell) spells.push(spell);
  })();

  while (latencies.length < WARM_UP_INSERTS) await new Promise((resolve) => setTimeout(resolve, 5));
  const baselineFrom = latencies.length;
  const baselineUntil = performance.now() + BASELINE_MS;
  while (performance.now() < baselineUntil) await new Promise((resolve) => setTimeout(resolve, 5));
  const baseline = latencies.slice(baselineFrom);
  const firstMeasured = latencies.length;
  const started = performance.now();
  let migrationMs = 0;
  try {
    await migrate();
  } finally {
    migrationMs = performance.now() - started;
    // One more insert after the migration, so that an insert stalled at the very end is counted.
    const settledAt = latencies.length + 1;
    while (latencies.length < settledAt) await new Promise((resolve) => setTimeout(resolve, 1));
    isRunning = false;
    await Promise.all([writing, watching]);
    await Promise.all([writer.end(), watcher.end()]);
  }
  const figures = summarise(label, migrationMs, latencies.slice(firstMeasured), baseline, spells);
  log(`  done in ${seconds(figures.migrationMs)}; ${figures.inserts} inserts meanwhile`);
  return figures;
}

function summarise(label: string, migrationMs: number, latencies: number[], baseline: number[], spells: { from: number; to: number }[]): RunFigures {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    label,
    migrationMs,
    inserts: latencies.length,
    longestStallMs: sorted.at(-1) ?? 0,
    baselineStallMs: Math.max(0, ...baseline),
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    accessExclusiveMs: spells.reduce((total, spell) => total + (spell.to - spell.from), 0),
    accessExclusiveSpells: spells.length,
  };
}

/** Nearest-rank percentile of an ascending list. */
function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * fraction) - 1))] ?? 0;
}

function printReport(runs: RunFigures[], count: number): void {
  const [engine, seed] = runs as [RunFigures, RunFigures];
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  const table = [
    ['', 'migration', 'inserts', 'longest insert stall', 'p50 insert', 'p99 insert', `longest stall, ${BASELINE_MS} ms before`, 'ACCESS EXCLUSIVE held (spells)'],
    ...runs.map((run) => [run.label, ms(run.migrationMs), String(run.inserts), ms(run.longestStallMs), ms(run.p50Ms), ms(run.p99Ms), ms(run.baselineStallMs), `${ms(run.accessExclusiveMs)} (${run.accessExclusiveSpells})`]),
  ];
  const widths = table[0]!.map((_, column) => Math.max(...table.map((row) => row[column]!.length)));
  process.stdout.write(`\nAdding CHAT to ai_models with ${count.toLocaleString('en-US')} rows, a writer inserting throughout:\n\n`);
  for (const row of table) process.stdout.write(`  ${row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ')}\n`);

  const ratio = seed.longestStallMs / engine.longestStallMs;
  const lockRatio = engine.accessExclusiveMs > 0 ? seed.accessExclusiveMs / engine.accessExclusiveMs : Number.POSITIVE_INFINITY;
  process.stdout.write(`\n  longest stall, seed / engine: ${ratio.toFixed(1)}x`);
  process.stdout.write(`\n  ACCESS EXCLUSIVE held, seed / engine: ${Number.isFinite(lockRatio) ? `${lockRatio.toFixed(1)}x` : 'engine never seen holding it'}\n`);
  const isStallMet = engine.longestStallMs <= TARGET_ENGINE_STALL_MS;
  const isRatioMet = ratio >= TARGET_RATIO;
  process.stdout.write(
    `\n  target: engine stall <= ${TARGET_ENGINE_STALL_MS} ms (${isStallMet ? 'met' : 'MISSED'}), ` +
      `>= ${TARGET_RATIO}x better than the seed (${isRatioMet ? 'met' : 'MISSED'})` +
      `${count === DEFAULT_ROWS ? '' : ` [the target is set at ${DEFAULT_ROWS.toLocaleString('en-US')} rows]`}\n`,
  );
}

function urlFor(database: string): string {
  const url = new URL(serverUrl!);
  url.pathname = `/${database}`;
  return url.toString();
}

function parseRows(raw: string | undefined): number {
  if (raw === undefined || raw === '') return DEFAULT_ROWS;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(value) || value < 1) {
    process.stderr.write(`The row count must be a whole number of at least 1, not "${raw}".\n`);
    process.exit(2);
  }
  return value;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}
