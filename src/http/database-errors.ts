import { isPostgresError } from '../db/database.js';
import { schemaBehindError } from '../catalog/service.js';
import { AppError } from '../errors.js';
import type { SchemaSnapshot } from '../migrate/schema-state.js';

/**
 * Database errors become coded errors here, by constraint name, instead of in a try/catch
 * around each query. A raw database message never reaches a client.
 */
export async function translateDatabaseError(
  error: unknown,
  describeSchema?: () => Promise<SchemaSnapshot>,
): Promise<AppError | undefined> {
  if (!isPostgresError(error)) return undefined;
  if (error.code === '23514' && error.constraint === 'ai_models_type_check' && describeSchema) {
    // The database refused a type the code offers: the schema is behind the code. Name the
    // migration that adds the first type the live schema rejects.
    const snapshot = await describeSchema();
    const rejected = snapshot.types.find((support) => !support.accepted);
    if (rejected) return schemaBehindError(rejected.type, snapshot);
  }
  switch (error.code) {
    case '23505': // unique_violation
      return new AppError('conflict', `Another record already uses this ${fieldOf(error.constraint)}.`, {
        field: fieldOf(error.constraint),
        constraint: error.constraint,
      });
    case '23514': // check_violation
      return new AppError('validation_failed', `${fieldOf(error.constraint)} is outside what the database accepts.`, [
        { field: fieldOf(error.constraint), message: `rejected by ${error.constraint ?? 'a check constraint'}` },
      ]);
    case '23502': // not_null_violation
      return new AppError('validation_failed', `${error.column ?? 'A field'} is required.`, { field: error.column });
    case '22001': // string_data_right_truncation
    case '22P02': // invalid_text_representation
    case '22021': // character_not_in_repertoire
      return new AppError('validation_failed', 'A value has the wrong form or length for its field.');
    case '42P01': // undefined_table: a table of a migration that has not been applied
      return new AppError('unavailable', `The database schema is missing a table this needs; run "npx switchboard migrate up".`);
    case '57014': // query_canceled (statement_timeout)
    case '53300': // too_many_connections
      return new AppError('unavailable');
    default:
      return undefined;
  }
}

/** Which field each named constraint guards; every constraint in migrations/ is named for this. */
const CONSTRAINT_FIELDS: Record<string, string> = {
  ai_models_name_key: 'name',
  ai_models_type_check: 'type',
  ai_models_provider_check: 'provider',
  ai_models_name_length_check: 'name',
  ai_models_display_name_length_check: 'displayName',
  ai_models_api_path_length_check: 'apiPath',
  ai_models_description_length_check: 'description',
};

function fieldOf(constraint: string | undefined): string {
  return (constraint && CONSTRAINT_FIELDS[constraint]) ?? 'value';
}
