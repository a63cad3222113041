import type { Database } from '../db/database.js';
import type { DriftFinding, TypeSupport } from './drift.js';
import type { Migrator } from './engine.js';

export interface SchemaSnapshot {
  kind: Database['kind'];
  serverVersion: string;
  appliedVersion: string | null;
  pending: string[];
  drift: DriftFinding[];
  types: TypeSupport[];
  /** Names of the applied migrations. */
  applied: string[];
  checkedAt: Date;
}

/**
 * What the live schema accepts, kept in memory so that writes can be checked against it
 * without a query each time. Refreshed at start, after migrations, and by the health check.
 */
export class SchemaState {
  private snapshot: SchemaSnapshot | undefined;
  private serverVersion: string | undefined;

  constructor(
    private readonly db: Database,
    private readonly migrator: Migrator,
  ) {}

  async refresh(): Promise<SchemaSnapshot> {
    this.serverVersion ??= await this.readServerVersion();
    const status = await this.migrator.status();
    const snapshot: SchemaSnapshot = {
      kind: this.db.kind,
      serverVersion: this.serverVersion,
      appliedVersion: status.appliedVersion,
      pending: status.pending,
      drift: [
        ...status.schema.drift,
        ...status.changed.map((name): DriftFinding => ({ code: 'migration_changed', message: `${name}.sql was edited after it was applied` })),
        ...status.unknown.map(
          (name): DriftFinding => ({ code: 'migration_unknown', message: `${name} is applied but this version of Switchboard does not have it` }),
        ),
      ],
      types: status.schema.types,
      applied: status.applied.map((entry) => entry.name),
      checkedAt: new Date(),
    };
    this.snapshot = snapshot;
    return snapshot;
  }

  async current(): Promise<SchemaSnapshot> {
    return this.snapshot ?? this.refresh();
  }

  private async readServerVersion(): Promise<string> {
    const result = await this.db.query<{ server_version: string }>('SHOW server_version');
    return result.rows[0]?.server_version ?? 'unknown';
  }
}
