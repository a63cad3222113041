import type { Command } from 'commander';
import { checkConnectionSettings, checkMigrations, findExposedDynamicSqlFunctions, findTablesWithoutRls, type Finding } from '../doctor/checks.js';
import { withDatabase, type CliOutput } from './context.js';

export function registerDoctorCommand(program: Command, output: CliOutput, setExitCode: (code: number) => void): void {
  program
    .command('doctor')
    .description('check the database for what would hurt a Supabase deployment, with the SQL that fixes each finding')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) =>
      withDatabase(output, async ({ config, db, migrator }) => {
        const findings: Finding[] = [
          ...(await findTablesWithoutRls(db)),
          ...(await findExposedDynamicSqlFunctions(db)),
          ...checkConnectionSettings(config.database),
          ...checkMigrations(await migrator.status()),
        ];
        if (options.json) {
          output.out(JSON.stringify({ ok: findings.length === 0, findings }, null, 2));
        } else if (findings.length === 0) {
          output.out('No findings: row level security is on in public, no exposed function runs dynamic SQL, and the schema is up to date.');
        } else {
          for (const finding of findings) output.out(`- [${finding.check}] ${finding.message}\n  fix: ${finding.fix}`);
          output.out(`\n${findings.length} finding(s).`);
        }
        if (findings.length > 0) setExitCode(1);
      }),
    );
}
