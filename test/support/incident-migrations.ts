import { copyFile, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { packagedMigrationsDir } from '../../src/config.js';

export const INCIDENT_MIGRATIONS = ['0001_create_ai_models', '0002_add_chat_type_to_ai_models'] as const;

/**
 * A directory holding only the incident's two migrations (0001, 0002) plus the test's own
 * files. Tests of the engine's behaviour pin the history this way, so a later migration in
 * migrations/ neither changes what they expect nor can break them.
 */
export async function incidentMigrationsDir(extraFiles: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'switchboard-migrations-'));
  for (const entry of await readdir(packagedMigrationsDir)) {
    if (INCIDENT_MIGRATIONS.some((name) => entry.startsWith(`${name}.`))) {
      await copyFile(path.join(packagedMigrationsDir, entry), path.join(dir, entry));
    }
  }
  for (const [name, content] of Object.entries(extraFiles)) await writeFile(path.join(dir, name), content);
  return dir;
}

/** A migration's three files, for planting a migration after 0002. */
export function plantedMigration(name: string, files: { up: string; down?: string; verify?: string }): Record<string, string> {
  return {
    [`${name}.sql`]: files.up,
    [`${name}.down.sql`]: files.down ?? 'SELECT 1;\n',
    [`${name}.verify.sql`]: files.verify ?? 'SELECT 1;\n',
  };
}
