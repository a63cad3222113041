import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { packagedMigrationsDir } from '../../src/config.js';

/** A copy of the project's migrations plus the test's own files, in a directory of its own. */
export async function migrationsDirWith(extraFiles: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'switchboard-migrations-'));
  await cp(packagedMigrationsDir, dir, { recursive: true });
  for (const [name, content] of Object.entries(extraFiles)) await writeFile(path.join(dir, name), content);
  return dir;
}

/** A harmless migration after the latest, so that a test can put the database one step behind. */
export function pendingMigrationFiles(version = '0999', slug = 'add_test_marker'): Record<string, string> {
  return {
    [`${version}_${slug}.sql`]: `BEGIN;\nCREATE TABLE switchboard.test_marker_${version} (id integer NOT NULL, CONSTRAINT test_marker_${version}_pkey PRIMARY KEY (id));\nCOMMIT;\n`,
    [`${version}_${slug}.down.sql`]: `BEGIN;\nDROP TABLE switchboard.test_marker_${version};\nCOMMIT;\n`,
    [`${version}_${slug}.verify.sql`]: `DO $$ BEGIN IF to_regclass('switchboard.test_marker_${version}') IS NULL THEN RAISE EXCEPTION 'no marker table'; END IF; END $$;\n`,
  };
}
