import type { Command } from 'commander';
import { findModelByName } from '../catalog/queries.js';
import { AppError } from '../errors.js';
import { listFallbacksByName, replaceFallbacks } from '../gateway/fallbacks/queries.js';
import { withDatabase, type CliOutput } from './context.js';

export function registerFallbackCommands(program: Command, output: CliOutput): void {
  const fallbacks = program.command('fallbacks').description('fallback models the gateway tries when a model\'s provider fails before answering');
  fallbacks
    .command('set')
    .description('set a model\'s fallbacks, in order (none clears them); every instance picks the change up within a second')
    .argument('<model>', 'the model\'s name')
    .argument('[fallbacks...]', 'model names of the same type, tried in this order')
    .action(async (modelName: string, fallbackNames: string[]) => {
      await withDatabase(output, async ({ db }) => {
        await db.transaction(async (tx) => {
          const model = await findModelByName(tx, modelName);
          if (!model) throw new AppError('not_found', `No model is named ${modelName}.`);
          const ids: string[] = [];
          for (const name of fallbackNames) {
            const fallback = await findModelByName(tx, name);
            if (!fallback) throw new AppError('not_found', `No model is named ${name}.`);
            if (fallback.id === model.id) throw new AppError('validation_failed', `${name} cannot fall back to itself.`);
            if (fallback.type !== model.type) {
              throw new AppError('validation_failed', `${name} is a ${fallback.type} model; ${modelName} is ${model.type}, so it cannot stand in for it.`);
            }
            if (ids.includes(fallback.id)) throw new AppError('validation_failed', `${name} is listed twice.`);
            ids.push(fallback.id);
          }
          if (ids.length > 10) throw new AppError('validation_failed', 'At most 10 fallbacks per model.');
          await replaceFallbacks(tx, model.id, ids);
        });
        output.out(fallbackNames.length > 0 ? `${modelName} falls back to ${fallbackNames.join(', ')}.` : `${modelName} has no fallbacks now.`);
      });
    });
  fallbacks
    .command('list')
    .description('list every model\'s fallbacks')
    .action(async () => {
      await withDatabase(output, async ({ db }) => {
        for (const [model, names] of await listFallbacksByName(db)) output.out(`${model} -> ${names.join(', ')}`);
      });
    });
}
