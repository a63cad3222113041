import type { Database } from '../../db/database.js';
import { addToDailyTotals, deleteUsageBefore, insertUsageBatch } from './queries.js';
import type { UsageEntry, UsageSink } from './types.js';

export interface UsageWriterOptions {
  flushMs: number;
  retentionDays: number;
  /** Entries written per transaction. */
  batchSize?: number;
  /** Entries held while the database is unreachable; beyond this the oldest are dropped. */
  maxBuffered?: number;
  log?: { warn: (object: unknown, message: string) => void };
}

const RETENTION_INTERVAL_MS = 60 * 60_000;

/**
 * Usage is recorded in memory on the request path (an array push) and written in batches on
 * a timer: one INSERT for the log and one upsert for the daily totals per batch, in one
 * transaction. A failed write is logged and retried with the next flush; it never reaches a
 * request, and the buffer is bounded so an unreachable database cannot exhaust memory.
 */
export class UsageWriter implements UsageSink {
  private buffer: UsageEntry[] = [];
  private flushing: Promise<void> | undefined;
  private flushTimer: NodeJS.Timeout | undefined;
  private retentionTimer: NodeJS.Timeout | undefined;
  private lastWarningAt = 0;
  dropped = 0;

  constructor(
    private readonly db: Database,
    private readonly options: UsageWriterOptions,
  ) {}

  record(entry: UsageEntry): void {
    if (this.buffer.length >= (this.options.maxBuffered ?? 50_000)) {
      this.buffer.shift();
      this.dropped++;
    }
    this.buffer.push(entry);
  }

  start(): void {
    this.flushTimer = setInterval(() => void this.flush(), this.options.flushMs);
    this.flushTimer.unref();
    this.retentionTimer = setInterval(() => void this.prune(), RETENTION_INTERVAL_MS);
    this.retentionTimer.unref();
    void this.prune();
  }

  /** Writes what is buffered; concurrent calls share one flush. */
  flush(): Promise<void> {
    this.flushing ??= this.writeAll().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async writeAll(): Promise<void> {
    // Building and serialising a batch blocks the event loop (about 1 to 8 ms per 1000 rows
    // measured); small batches, each awaiting its own I/O, keep that out of the requests' p99.
    const batchSize = this.options.batchSize ?? 200;
    while (this.buffer.length > 0) {
      const batch = this.buffer.splice(0, batchSize);
      try {
        await this.db.transaction(async (tx) => {
          await insertUsageBatch(tx, batch);
          await addToDailyTotals(tx, batch);
        });
      } catch (error) {
        // Put the batch back for the next flush (the bound in record() still holds).
        this.buffer.unshift(...batch);
        this.warn(error, `usage log write failed; ${this.buffer.length} entries wait for the next flush`);
        return;
      }
    }
  }

  /** Deletes detailed rows older than the retention; daily totals are kept. */
  async prune(now = new Date()): Promise<number> {
    try {
      return await deleteUsageBefore(this.db, new Date(now.getTime() - this.options.retentionDays * 86_400_000));
    } catch (error) {
      this.warn(error, 'usage log retention failed');
      return 0;
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.flushTimer);
    clearInterval(this.retentionTimer);
    await this.flush();
  }

  private warn(error: unknown, message: string): void {
    // One warning per half minute is enough to notice; a log line per failed flush is noise.
    if (Date.now() - this.lastWarningAt < 30_000) return;
    this.lastWarningAt = Date.now();
    this.options.log?.warn({ err: error }, message);
  }
}
