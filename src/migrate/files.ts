import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseSteps, transactionalStatements } from './script.js';

/** The first line that lets a migration manage its own transactions (VALIDATE, CONCURRENTLY). */
export const NO_TRANSACTION_DIRECTIVE = '-- switchboard:no-transaction';

export interface MigrationFile {
  /** "0002" */
  version: string;
  /** "0002_add_chat_type_to_ai_models": the name errors, status and history use. */
  name: string;
  up: string;
  down: string;
  verify: string;
  /** sha256 of the up file, line endings normalised, recorded when it is applied. */
  checksum: string;
  /** false when the up file opts out of the wrapping transaction. */
  transactional: boolean;
}

const UP_FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;
const COMPANION_FILE = /^(\d{4})_([a-z0-9_]+)\.(down|verify)\.sql$/;

export async function loadMigrations(dir: string): Promise<MigrationFile[]> {
  const entries = (await readdir(dir)).filter((entry) => entry.endsWith('.sql')).sort();
  const problems: string[] = [];
  const byVersion = new Map<string, string>();

  for (const entry of entries) {
    const up = UP_FILE.exec(entry);
    if (up) {
      const [, version, slug] = up;
      const existing = byVersion.get(version!);
      if (existing) problems.push(`two migrations share version ${version}: ${existing} and ${entry}`);
      byVersion.set(version!, `${version}_${slug}`);
    } else if (!COMPANION_FILE.test(entry)) {
      problems.push(`${entry} is not named NNNN_name.sql, NNNN_name.down.sql or NNNN_name.verify.sql`);
    }
  }
  for (const entry of entries) {
    const companion = COMPANION_FILE.exec(entry);
    if (companion && byVersion.get(companion[1]!) !== `${companion[1]}_${companion[2]}`) {
      problems.push(`${entry} has no matching up file ${companion[1]}_${companion[2]}.sql`);
    }
  }

  const migrations: MigrationFile[] = [];
  for (const name of [...byVersion.values()].sort()) {
    const read = async (suffix: string) => {
      try {
        return normaliseLineEndings(await readFile(path.join(dir, `${name}${suffix}`), 'utf8'));
      } catch {
        problems.push(`${name} has no ${name}${suffix}`);
        return '';
      }
    };
    const [up, down, verify] = [await read('.sql'), await read('.down.sql'), await read('.verify.sql')];
    const transactional = up.split('\n', 1)[0]!.trim() !== NO_TRANSACTION_DIRECTIVE;
    try {
      if (transactional) transactionalStatements(up, `${name}.sql`);
      else parseSteps(up, `${name}.sql`);
      transactionalStatements(down, `${name}.down.sql`);
    } catch (error) {
      problems.push((error as Error).message);
    }
    migrations.push({ version: name.slice(0, 4), name, up, down, verify, checksum: checksumOf(up), transactional });
  }

  if (problems.length > 0) {
    throw new Error(`The migrations in ${dir} cannot be used:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
  return migrations;
}

export function checksumOf(sql: string): string {
  return createHash('sha256').update(normaliseLineEndings(sql)).digest('hex');
}

function normaliseLineEndings(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}
