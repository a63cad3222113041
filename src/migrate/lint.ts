import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { packagedMigrationsDir } from '../config.js';

const require = createRequire(import.meta.url);

/** Runs squawk over every migration file; the project's .squawk.toml sits beside migrations/. */
export async function lintMigrations(dir: string): Promise<{ ok: boolean; output: string }> {
  const files = (await readdir(dir)).filter((entry) => entry.endsWith('.sql')).sort().map((entry) => path.join(dir, entry));
  if (files.length === 0) return { ok: true, output: 'no migration files' };
  const squawk = path.join(path.dirname(require.resolve('squawk-cli/package.json')), 'js', 'bin', 'squawk');
  const configPath = path.join(path.dirname(packagedMigrationsDir), '.squawk.toml');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [squawk, '--config', configPath, ...files], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ ok: code === 0, output: output.trim() }));
  });
}
