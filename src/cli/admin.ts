import type { Command } from 'commander';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { loadConfig } from '../config.js';
import { createAuthService } from '../auth/service.js';
import { withDatabase, type CliOutput } from './context.js';

export function registerAdminCommands(program: Command, output: CliOutput): void {
  const admin = program.command('admin').description('manage admin accounts');
  admin
    .command('create')
    .description('create an admin account; the password is read from a prompt or from stdin, never from the command line')
    .requiredOption('--email <email>', 'the admin\'s email address')
    .action(async (options: { email: string }) => {
      const password = await readPassword(output);
      await withDatabase(output, async ({ db }) => {
        const created = await createAuthService(db, loadConfig(process.env).auth).createAdmin(options.email, password);
        output.out(`Created admin ${created.email}.`);
      });
    });
}

/** A hidden prompt on a terminal; otherwise the first line of stdin (for scripts). */
async function readPassword(output: CliOutput): Promise<string> {
  if (!process.stdin.isTTY) {
    let input = '';
    for await (const chunk of process.stdin) input += chunk;
    const password = input.split(/\r?\n/, 1)[0] ?? '';
    if (!password) throw new Error('No password on stdin. Pipe it in (echo "$PASSWORD" | switchboard admin create --email E) or run in a terminal to be prompted.');
    return password;
  }
  const muted = new Writable({ write: (_chunk, _encoding, done) => done() });
  const prompt = createInterface({ input: process.stdin, output: muted, terminal: true });
  output.err('Password (not shown): ');
  const password = await new Promise<string>((resolve) => prompt.once('line', resolve));
  prompt.close();
  return password;
}
