import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { MigrationError } from './errors.js';

/** Writes the three files of a new migration with the next free version. */
export async function createMigrationFiles(dir: string, rawName: string): Promise<string[]> {
  const slug = rawName.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  if (!slug) {
    throw new MigrationError(`"${rawName}" is not a usable migration name.`, 'unchanged.', 'use words such as "add_pricing_to_ai_models".');
  }
  const versions = (await readdir(dir)).map((entry) => /^(\d{4})_/.exec(entry)?.[1]).filter((version): version is string => Boolean(version));
  const next = String(Math.max(0, ...versions.map(Number)) + 1).padStart(4, '0');
  const base = path.join(dir, `${next}_${slug}`);
  const files: [string, string][] = [
    [`${base}.sql`, `-- ${slug.replace(/_/g, ' ')}: one intent per migration. Name every constraint and index.\nBEGIN;\n\n\nCOMMIT;\n`],
    [`${base}.down.sql`, `-- Reverts ${next}_${slug} in one transaction. Refuse (RAISE EXCEPTION) rather than lose rows.\nBEGIN;\n\n\nCOMMIT;\n`],
    [`${base}.verify.sql`, `-- Raises an exception unless ${next}_${slug} is in effect. Runs in a transaction that is rolled back.\nDO $$\nBEGIN\n  NULL;\nEND\n$$;\n`],
  ];
  for (const [file, content] of files) await writeFile(file, content, { flag: 'wx' });
  return files.map(([file]) => file);
}
