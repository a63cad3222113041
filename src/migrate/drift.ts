import { MODEL_TYPE_VALUES, migrationIntroducing, type ModelType } from '../catalog/model-types.js';
import type { Queryable } from '../db/database.js';

/**
 * Compares what the code offers with what the live schema accepts. The type check is read
 * from the catalog, so a database changed by hand (the incident's three routes) is judged by
 * what it is, not by what the history table claims.
 */
export interface TypeSupport {
  type: ModelType;
  accepted: boolean;
  /** The migration that makes the live schema accept this type. */
  migration: string;
}

export interface DriftFinding {
  code:
    | 'type_check_missing'
    | 'type_check_not_validated'
    | 'type_not_accepted'
    | 'unknown_type_accepted'
    | 'table_missing'
    | 'migration_changed'
    | 'migration_unknown';
  message: string;
}

export interface SchemaReport {
  types: TypeSupport[];
  /** Values the live check accepts that the code does not know. */
  unknownAccepted: string[];
  drift: DriftFinding[];
}

export async function inspectTypeCheck(
  db: Queryable,
): Promise<{ tableExists: boolean; definition: string | null; validated: boolean }> {
  const result = await db.query<{ table_exists: boolean; definition: string | null; validated: boolean | null }>(
    `SELECT to_regclass('public.ai_models') IS NOT NULL AS table_exists,
            (SELECT pg_get_constraintdef(c.oid) FROM pg_constraint c
              WHERE c.conrelid = to_regclass('public.ai_models') AND c.conname = 'ai_models_type_check') AS definition,
            (SELECT c.convalidated FROM pg_constraint c
              WHERE c.conrelid = to_regclass('public.ai_models') AND c.conname = 'ai_models_type_check') AS validated`,
  );
  const row = result.rows[0]!;
  return { tableExists: row.table_exists, definition: row.definition, validated: row.validated ?? false };
}

/** The quoted literals of a check definition: CHECK ((type = ANY (ARRAY['IMAGE'::text, ...]))). */
export function acceptedValues(definition: string): string[] {
  return [...definition.matchAll(/'((?:[^']|'')*)'/g)].map((match) => match[1]!.replace(/''/g, "'"));
}

/**
 * @param appliedNames migrations the history records as applied: a type that is not
 * accepted is drift only when the migration that introduces it claims to be applied.
 */
export async function inspectSchema(db: Queryable, appliedNames: ReadonlySet<string>): Promise<SchemaReport> {
  const check = await inspectTypeCheck(db);
  const drift: DriftFinding[] = [];
  const accepted = check.definition ? acceptedValues(check.definition) : [];

  if (!check.tableExists) {
    if (appliedNames.has(migrationIntroducing('IMAGE'))) {
      drift.push({ code: 'table_missing', message: 'public.ai_models does not exist although its migration is recorded as applied' });
    }
  } else if (!check.definition) {
    drift.push({
      code: 'type_check_missing',
      message: 'public.ai_models has no ai_models_type_check constraint: any type can be written (as after the incident\'s rollback)',
    });
  } else if (!check.validated) {
    drift.push({ code: 'type_check_not_validated', message: 'ai_models_type_check is NOT VALID: existing rows were never checked' });
  }

  const types = MODEL_TYPE_VALUES.map((type) => {
    const migration = migrationIntroducing(type);
    // Without any check the database accepts every value; that state is reported as drift above.
    const isAccepted = check.tableExists && (check.definition === null || accepted.includes(type));
    if (check.definition && !isAccepted && appliedNames.has(migration)) {
      drift.push({
        code: 'type_not_accepted',
        message: `ai_models_type_check rejects ${type} although ${migration} is recorded as applied`,
      });
    }
    return { type, accepted: isAccepted, migration };
  });

  const unknownAccepted = accepted.filter((value) => !(MODEL_TYPE_VALUES as readonly string[]).includes(value));
  for (const value of unknownAccepted) {
    drift.push({ code: 'unknown_type_accepted', message: `ai_models_type_check accepts ${value}, which this version of Switchboard does not know` });
  }
  return { types, unknownAccepted, drift };
}
