import type { Queryable } from '../db/database.js';

/** Queries on switchboard.audit_log. */
export interface AuditActor {
  id: string | null;
  label: string;
}

export interface AuditRecord {
  id: number;
  occurredAt: Date;
  actor: AuditActor;
  action: 'create' | 'update' | 'delete';
  entity: string;
  entityId: string | null;
  entityName: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export async function auditLogExists(db: Queryable): Promise<boolean> {
  const result = await db.query<{ exists: boolean }>(`SELECT to_regclass('switchboard.audit_log') IS NOT NULL AS exists`);
  return result.rows[0]?.exists ?? false;
}

export async function insertAuditEntry(db: Queryable, entry: Omit<AuditRecord, 'id' | 'occurredAt'>): Promise<void> {
  await db.query(
    `INSERT INTO switchboard.audit_log (actor_id, actor_label, action, entity, entity_id, entity_name, before, after)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      entry.actor.id,
      entry.actor.label,
      entry.action,
      entry.entity,
      entry.entityId,
      entry.entityName,
      entry.before === null ? null : JSON.stringify(entry.before),
      entry.after === null ? null : JSON.stringify(entry.after),
    ],
  );
}

export async function findAuditEntries(
  db: Queryable,
  filter: { entityId?: string },
  page: { limit: number; offset: number },
): Promise<{ items: AuditRecord[]; total: number }> {
  const where = filter.entityId ? 'WHERE entity_id = $1' : '';
  const params = filter.entityId ? [filter.entityId] : [];
  const [rows, total] = await Promise.all([
    db.query<{
      id: number;
      occurred_at: Date;
      actor_id: string | null;
      actor_label: string;
      action: AuditRecord['action'];
      entity: string;
      entity_id: string | null;
      entity_name: string;
      before: Record<string, unknown> | null;
      after: Record<string, unknown> | null;
    }>(
      `SELECT id, occurred_at, actor_id, actor_label, action, entity, entity_id, entity_name, before, after
         FROM switchboard.audit_log ${where}
        ORDER BY occurred_at DESC, id DESC
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, page.limit, page.offset],
    ),
    db.query<{ total: number }>(`SELECT count(*)::int AS total FROM switchboard.audit_log ${where}`, params),
  ]);
  return {
    items: rows.rows.map((row) => ({
      id: Number(row.id),
      occurredAt: new Date(row.occurred_at),
      actor: { id: row.actor_id, label: row.actor_label },
      action: row.action,
      entity: row.entity,
      entityId: row.entity_id,
      entityName: row.entity_name,
      before: row.before,
      after: row.after,
    })),
    total: total.rows[0]?.total ?? 0,
  };
}
