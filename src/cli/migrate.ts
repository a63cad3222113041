import type { Command } from 'commander';
import { APPLY_COMMAND, type PlannedStep } from '../migrate/engine.js';
import { createMigrationFiles } from '../migrate/create.js';
import { lintMigrations } from '../migrate/lint.js';
import { loadConfig } from '../config.js';
import { withDatabase, type CliOutput } from './context.js';

export function registerMigrateCommands(program: Command, output: CliOutput, setExitCode: (code: number) => void): void {
  const migrate = program.command('migrate').description('apply, revert, verify and inspect schema migrations');

  migrate
    .command('status')
    .description('list applied and pending migrations, and any drift')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) =>
      withDatabase(output, async ({ migrator }) => {
        const status = await migrator.status();
        if (options.json) {
          output.out(JSON.stringify(status, null, 2));
        } else {
          for (const entry of status.applied) {
            const flag = entry.isChanged ? '  (file edited since!)' : entry.isKnown ? '' : '  (not in this version)';
            output.out(`applied  ${entry.name}  ${entry.appliedAt.toISOString()}  ${entry.method}${flag}`);
          }
          for (const name of status.pending) output.out(`pending  ${name}`);
          for (const finding of status.schema.drift) output.out(`drift    ${finding.message}`);
          if (status.pending.length > 0) output.out(`\n${status.pending.length} pending: run "${APPLY_COMMAND}".`);
        }
        if (status.changed.length > 0 || status.schema.drift.length > 0) setExitCode(1);
      }),
    );

  migrate
    .command('up')
    .description('apply pending migrations, under the migration lock')
    .option('--to <version>', 'stop after this migration (e.g. 0002)')
    .option('--dry-run', 'print the SQL that would run, and change nothing')
    .action(async (options: { to?: string; dryRun?: boolean }) =>
      withDatabase(output, async ({ migrator }) => {
        const result = await migrator.up(options);
        if (options.dryRun) return printPlan(output, result.plan, 'Nothing to apply: the database is up to date.');
        output.out(result.applied.length > 0 ? `Applied ${result.applied.join(', ')}.` : 'Nothing to apply: the database is up to date.');
      }),
    );

  migrate
    .command('down')
    .description('revert applied migrations, newest first, each in one transaction')
    .option('--to <version>', 'revert every migration after this one (0000 reverts all)')
    .option('--steps <n>', 'revert the last n migrations', (value) => parsePositiveInteger(value, '--steps'))
    .option('--dry-run', 'print the SQL that would run, and change nothing')
    .action(async (options: { to?: string; steps?: number; dryRun?: boolean }) => {
      if ((options.to === undefined) === (options.steps === undefined)) {
        throw new Error('Say how far to go back: --to VERSION or --steps N (one of them). Nothing was changed.');
      }
      return withDatabase(output, async ({ migrator }) => {
        const result = await migrator.down(options);
        if (options.dryRun) return printPlan(output, result.plan, 'Nothing to revert.');
        output.out(result.reverted.length > 0 ? `Reverted ${result.reverted.join(', ')}.` : 'Nothing to revert.');
      });
    });

  migrate
    .command('verify')
    .description('run the verify file of each applied migration and the drift check; changes nothing')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) =>
      withDatabase(output, async ({ migrator }) => {
        const report = await migrator.verify();
        if (options.json) {
          output.out(JSON.stringify({ ok: report.ok, results: report.results, drift: report.status.schema.drift }, null, 2));
        } else {
          for (const result of report.results) output.out(`${result.ok ? 'ok    ' : 'FAILED'}  ${result.name}${result.error ? `: ${result.error}` : ''}`);
          for (const type of report.status.schema.types) {
            output.out(`${type.accepted ? 'ok    ' : 'pending'}  type ${type.type}${type.accepted ? ' is accepted' : ` needs ${type.migration}`}`);
          }
          for (const finding of report.status.schema.drift) output.out(`DRIFT   ${finding.message}`);
          output.out(report.ok ? 'Verified: the schema matches the applied migrations.' : 'Verification failed.');
        }
        if (!report.ok) setExitCode(1);
      }),
    );

  migrate
    .command('adopt')
    .description('record pending migrations as applied while their verify passes (for databases changed by hand)')
    .option('--dry-run', 'report what would be recorded, and change nothing')
    .action(async (options: { dryRun?: boolean }) =>
      withDatabase(output, async ({ migrator }) => {
        const result = await migrator.adopt(options);
        const verb = options.dryRun ? 'Would adopt' : 'Adopted';
        output.out(result.adopted.length > 0 ? `${verb} ${result.adopted.join(', ')}.` : 'Nothing adopted.');
        if (result.stoppedAt) {
          output.err(
            `Stopped at ${result.stoppedAt.name}: its verify failed (${result.stoppedAt.error}).\n` +
              `Database state: ${result.adopted.length > 0 ? `recorded up to ${result.adopted.at(-1)}` : 'nothing recorded'}; ${result.stoppedAt.name} and later remain pending.\n` +
              `Next step: run "${APPLY_COMMAND}" to apply the rest, or fix the schema by hand and adopt again.`,
          );
          setExitCode(1);
        }
      }),
    );

  migrate
    .command('lint')
    .description('run squawk over the migration files')
    .action(async () => {
      const config = loadConfig(process.env);
      const result = await lintMigrations(config.migrations.dir);
      if (result.output) output.out(result.output);
      if (!result.ok) setExitCode(1);
    });

  migrate
    .command('create')
    .description('write the up, down and verify files of a new migration')
    .argument('<name>', 'what the migration does, e.g. add_pricing_to_ai_models')
    .action(async (name: string) => {
      const config = loadConfig(process.env);
      for (const file of await createMigrationFiles(config.migrations.dir, name)) output.out(`created ${file}`);
    });
}

function printPlan(output: CliOutput, plan: PlannedStep[], nothing: string): void {
  if (plan.length === 0) return output.out(nothing);
  for (const step of plan) {
    output.out(`-- ${step.direction} ${step.name} (dry run: not executed)`);
    output.out(step.sql.trimEnd());
    output.out('');
  }
}

export function parsePositiveInteger(value: string, flag: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`${flag} needs a whole number of at least 1, not "${value}".`);
  return parsed;
}
