import type { Command } from 'commander';
import { AppError } from '../errors.js';
import { listApiKeys, updateApiKey } from '../gateway/keys/queries.js';
import { createApiKey } from '../gateway/keys/service.js';
import { withDatabase, type CliOutput } from './context.js';

export function registerKeyCommands(program: Command, output: CliOutput): void {
  const keys = program.command('keys').description('manage client API keys for the /v1 gateway');
  keys
    .command('create')
    .description('create a key and print it once; only its hash is stored')
    .requiredOption('--name <name>', 'what the key is for')
    .option('--models <names>', 'comma-separated model names the key may use (default: all)')
    .option('--expires <date>', 'expiry as an ISO date or date-time')
    .action(async (options: { name: string; models?: string; expires?: string }) => {
      const expiresAt = options.expires === undefined ? null : new Date(options.expires);
      if (expiresAt && Number.isNaN(expiresAt.getTime())) throw new AppError('validation_failed', `--expires "${options.expires}" is not a date.`);
      const allowedModels = options.models?.split(',').map((name) => name.trim()).filter(Boolean) ?? null;
      await withDatabase(output, async ({ db }) => {
        const created = await createApiKey(db, { name: options.name, allowedModels, expiresAt });
        output.err(`Created key "${created.record.name}" (${created.record.id}). It is shown once; store it now:`);
        output.out(created.key);
      });
    });
  keys
    .command('list')
    .description('list keys (never the keys themselves)')
    .action(async () => {
      await withDatabase(output, async ({ db }) => {
        for (const key of await listApiKeys(db)) {
          const state = !key.enabled ? 'revoked' : key.expiresAt && key.expiresAt <= new Date() ? 'expired' : 'active';
          output.out(`${key.id}  ${key.keyPrefix}…  ${state}  ${key.name}  models=${key.allowedModels?.join(',') ?? 'all'}`);
        }
      });
    });
  keys
    .command('revoke')
    .description('disable a key; requests with it are refused within a second on every instance')
    .argument('<id>', 'the key id (see keys list)')
    .action(async (id: string) => {
      await withDatabase(output, async ({ db }) => {
        const updated = await updateApiKey(db, id, { enabled: false });
        if (!updated) throw new AppError('not_found', `No key has id ${id}.`);
        output.out(`Revoked key "${updated.name}".`);
      });
    });
}
