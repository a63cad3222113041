import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config.js';
import { AppError } from '../errors.js';
import { translateDatabaseError } from '../http/database-errors.js';
import { MigrationError } from '../migrate/errors.js';
import { processOutput, type CliOutput } from './context.js';
import { registerAdminCommands } from './admin.js';
import { registerDoctorCommand } from './doctor.js';
import { registerFallbackCommands } from './fallbacks.js';
import { registerKeyCommands } from './keys.js';
import { registerMigrateCommands } from './migrate.js';
import { registerModelCommands } from './models.js';
import { registerServeCommand } from './serve.js';

/** Runs the CLI and resolves to the exit code; every failure is a message on stderr. */
export async function main(argv: string[], output: CliOutput = processOutput): Promise<number> {
  let exitCode = 0;
  const program = new Command()
    .name('switchboard')
    .description('Switchboard: the AI model catalog and OpenAI-compatible gateway')
    .exitOverride()
    .configureOutput({ writeOut: (text) => output.out(text.trimEnd()), writeErr: (text) => output.err(text.trimEnd()) })
    .showHelpAfterError();

  registerServeCommand(program, output);
  registerMigrateCommands(program, output, (code) => (exitCode = code));
  registerModelCommands(program, output);
  registerAdminCommands(program, output);
  registerDoctorCommand(program, output, (code) => (exitCode = code));
  registerKeyCommands(program, output);
  registerFallbackCommands(program, output);

  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    const failure = (await translateDatabaseError(error)) ?? error;
    output.err(describeFailure(failure));
    return failure instanceof AppError && failure.status < 500 ? 2 : 1;
  }
}

function describeFailure(error: unknown): string {
  if (error instanceof MigrationError || error instanceof ConfigError) return error.message;
  if (error instanceof AppError) return `${error.code}: ${error.message}`;
  if (error instanceof Error) {
    const code = (error as { code?: string }).code;
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND') {
      return `Cannot reach the database (${error.message}).\nDatabase state: unknown; nothing was changed.\nNext step: check DATABASE_URL and that PostgreSQL is running.`;
    }
    return error.message;
  }
  return String(error);
}
