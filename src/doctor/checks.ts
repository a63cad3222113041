import type { Config } from '../config.js';
import type { Queryable } from '../db/database.js';
import { APPLY_COMMAND, type MigrationStatus } from '../migrate/engine.js';

/**
 * What would hurt a Supabase deployment, found by reading the catalog: each finding says
 * what is wrong and carries the SQL (or the step) that fixes it.
 */
export interface Finding {
  check: 'rls_disabled' | 'dynamic_sql_function' | 'pooler_without_direct_url' | 'pending_migrations' | 'drift';
  message: string;
  fix: string;
}

/** Schemas that Supabase manages itself; their functions are not ours to judge. */
const MANAGED_SCHEMAS = [
  'pg_catalog', 'information_schema', 'pg_toast', 'auth', 'storage', 'realtime', 'extensions', 'graphql', 'graphql_public',
  'pgbouncer', 'vault', 'pgsodium', 'pgsodium_masks', 'supabase_functions', 'supabase_migrations', 'net', 'cron',
];

const API_ROLES = ['anon', 'authenticated'] as const;

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function findTablesWithoutRls(db: Queryable): Promise<Finding[]> {
  const result = await db.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relrowsecurity
      ORDER BY c.relname`,
  );
  return result.rows.map(({ name }) => ({
    check: 'rls_disabled',
    message: `public.${name} has row level security off: Supabase's REST API serves it to anyone with the anon key.`,
    fix: `ALTER TABLE public.${quoteIdent(name)} ENABLE ROW LEVEL SECURITY;  -- then add the policies its readers need`,
  }));
}

export async function findExposedDynamicSqlFunctions(db: Queryable): Promise<Finding[]> {
  const roles = await db.query<{ rolname: string }>(`SELECT rolname FROM pg_roles WHERE rolname = ANY($1::text[])`, [API_ROLES]);
  const existingRoles = roles.rows.map((row) => row.rolname);
  const result = await db.query<{ schema: string; name: string; args: string; security_definer: boolean; public_execute: boolean; role_execute: string[] }>(
    `SELECT n.nspname AS schema, p.proname AS name, pg_get_function_identity_arguments(p.oid) AS args,
            p.prosecdef AS security_definer,
            -- No ACL means the default: EXECUTE for PUBLIC.
            (p.proacl IS NULL OR EXISTS (SELECT 1 FROM aclexplode(p.proacl) a WHERE a.grantee = 0 AND a.privilege_type = 'EXECUTE')) AS public_execute,
            ARRAY(SELECT r FROM unnest($2::text[]) AS r WHERE has_function_privilege(r, p.oid, 'EXECUTE')) AS role_execute
       FROM pg_proc p
       JOIN pg_namespace n ON n.oid = p.pronamespace
       JOIN pg_language l ON l.oid = p.prolang
      WHERE n.nspname <> ALL($1::text[])
        AND p.prokind = 'f'
        AND l.lanname = 'plpgsql'
        AND p.prorettype <> 'trigger'::regtype
        AND p.prosrc ~* '\\mEXECUTE\\M'
      ORDER BY n.nspname, p.proname`,
    [MANAGED_SCHEMAS, existingRoles],
  );
  return result.rows
    .filter((row) => row.public_execute || row.role_execute.length > 0)
    .map((row) => {
      const callers = [...(row.public_execute ? ['PUBLIC'] : []), ...row.role_execute];
      const signature = `${quoteIdent(row.schema)}.${quoteIdent(row.name)}(${row.args})`;
      return {
        check: 'dynamic_sql_function' as const,
        message:
          `${row.schema}.${row.name}(${row.args}) runs dynamic SQL (EXECUTE${row.security_definer ? ', SECURITY DEFINER' : ''}) ` +
          `and ${callers.join(', ')} may execute it: through Supabase's REST API (/rpc/${row.name}) anyone with the anon key can run SQL.`,
        fix: `REVOKE EXECUTE ON FUNCTION ${signature} FROM ${['PUBLIC', ...existingRoles].join(', ')};  -- or DROP FUNCTION ${signature};`,
      };
    });
}

export function checkConnectionSettings(database: Config['database']): Finding[] {
  if (database.kind !== 'postgres' || !database.isTransactionPooler || database.directUrl) return [];
  return [
    {
      check: 'pooler_without_direct_url',
      message:
        'DATABASE_URL points at a transaction pooler and DATABASE_DIRECT_URL is not set: LISTEN/NOTIFY cannot work through it, so instances fall back to polling for catalog changes.',
      fix: 'Set DATABASE_DIRECT_URL to the direct connection string (Supabase: Project Settings > Database > Connection string > Direct connection, port 5432).',
    },
  ];
}

export function checkMigrations(status: MigrationStatus): Finding[] {
  const findings: Finding[] = [];
  if (status.pending.length > 0) {
    findings.push({ check: 'pending_migrations', message: `Pending migrations: ${status.pending.join(', ')}.`, fix: APPLY_COMMAND });
  }
  for (const finding of status.schema.drift) {
    findings.push({ check: 'drift', message: finding.message, fix: 'npx switchboard migrate verify  -- shows what differs' });
  }
  for (const name of status.changed) {
    findings.push({ check: 'drift', message: `${name}.sql was edited after it was applied.`, fix: `Restore ${name}.sql from version control and put the change in a new migration.` });
  }
  return findings;
}
