import type { Command } from 'commander';
import { startServer } from '../server.js';
import type { CliOutput } from './context.js';

export function registerServeCommand(program: Command, _output: CliOutput): void {
  program
    .command('serve')
    .description('start the HTTP server (applies pending migrations first, under the lock)')
    .option('--no-migrate', 'do not apply pending migrations at start')
    .action(async (options: { migrate: boolean }) => {
      await startServer(process.env, { migrate: options.migrate });
    });
}
