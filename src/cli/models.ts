import type { Command } from 'commander';
import { userInfo } from 'node:os';
import { presentModel } from '../catalog/routes.js';
import { createModelBody } from '../catalog/schemas.js';
import { createCatalogService } from '../catalog/service.js';
import { AppError } from '../errors.js';
import { SchemaState } from '../migrate/schema-state.js';
import { withDatabase, type CliOutput } from './context.js';

/** The catalog for scripts: the same service and the same errors as the REST API. */
export function registerModelCommands(program: Command, output: CliOutput): void {
  const models = program.command('models').description('list, add and remove models in the catalog');
  const actor = () => ({ id: null, label: `cli:${safeUsername()}` });

  models
    .command('list')
    .description('list every model')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) =>
      withDatabase(output, async ({ db, migrator }) => {
        const catalog = createCatalogService(db, new SchemaState(db, migrator));
        const items: ReturnType<typeof presentModel>[] = [];
        for (let page = 1; ; page += 1) {
          const result = await catalog.list({ sort: 'name', page, pageSize: 100 });
          items.push(...result.items.map(presentModel));
          if (items.length >= result.total || result.items.length === 0) break;
        }
        if (options.json) return output.out(JSON.stringify(items, null, 2));
        if (items.length === 0) return output.out('No models yet. Add one with: switchboard models add --type CHAT --provider OPENROUTER --api-path vendor/model');
        for (const model of items) {
          output.out(`${model.type.padEnd(5)}  ${model.provider.padEnd(17)}  ${model.enabled ? 'enabled ' : 'disabled'}  ${model.name}`);
        }
      }),
    );

  models
    .command('add')
    .description('add a model')
    .requiredOption('--type <type>', 'IMAGE, VIDEO or CHAT')
    .requiredOption('--provider <provider>', 'OPENROUTER, OPENAI, OPENAI_COMPATIBLE or REPLICATE')
    .requiredOption('--api-path <path>', 'the provider\'s id for the model, e.g. anthropic/claude-3-haiku:free')
    .option('--name <name>', 'the id clients call (defaults to the API path)')
    .option('--display-name <name>', 'a readable name (derived from the API path by default)')
    .option('--description <text>', 'a description')
    .option('--disabled', 'add it disabled')
    .action(async (options: { type: string; provider: string; apiPath: string; name?: string; displayName?: string; description?: string; disabled?: boolean }) => {
      const parsed = createModelBody.safeParse({
        type: options.type.toUpperCase(),
        provider: options.provider.toUpperCase(),
        apiPath: options.apiPath,
        name: options.name,
        displayName: options.displayName,
        description: options.description,
        enabled: !options.disabled,
      });
      if (!parsed.success) {
        throw new AppError('validation_failed', parsed.error.issues.map((issue) => `--${toFlag(String(issue.path[0]))}: ${issue.message}`).join('\n'));
      }
      await withDatabase(output, async ({ db, migrator }) => {
        const created = await createCatalogService(db, new SchemaState(db, migrator)).create(parsed.data, actor());
        output.out(`Added ${created.type} model ${created.name} (${created.id}).`);
      });
    });

  models
    .command('remove')
    .description('remove a model by name')
    .argument('<name>', 'the model\'s name')
    .action(async (name: string) =>
      withDatabase(output, async ({ db, migrator }) => {
        const removed = await createCatalogService(db, new SchemaState(db, migrator)).removeByName(name, actor());
        output.out(`Removed ${removed.name}.`);
      }),
    );
}

function toFlag(field: string): string {
  return field.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

function safeUsername(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
