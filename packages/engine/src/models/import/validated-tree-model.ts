import { ModelError } from '../model-error.ts';
import type { TreeModel } from '../types.ts';
import { validateModel } from '../validate-model.ts';
import type { ImportOptions } from './import-options.ts';

/**
 * The importer's result after the options every importer shares (name, output, scale, category
 * names) and the engine's own validation, so that an imported model is one a strategy accepts.
 * Throws `MODEL_IMPORT` with the first problems and their paths.
 */
export function validatedTreeModel<T extends TreeModel>(model: T, opts: ImportOptions): T {
  const full: T = { ...model, ...(opts.name !== undefined && { name: opts.name }), ...(opts.output !== undefined && { output: opts.output }), ...(opts.scoreScale !== undefined && { scoreScale: opts.scoreScale }) };
  if (opts.categoryNames) {
    const names = model.featureNames ?? [];
    const stray = Object.keys(opts.categoryNames).filter((f) => !names.includes(f));
    if (stray.length) throw new ModelError('MODEL_IMPORT', `categoryNames: the model has no feature named ${stray.join(', ')}`);
    full.categoryNames = names.map((f) => opts.categoryNames![f] ?? null);
  }
  const v = validateModel(full);
  if (!v.ok) throw new ModelError('MODEL_IMPORT', `the imported model is not valid: ${v.errors.slice(0, 3).map((e) => `${e.path} ${e.message}`).join('; ')}`);
  return v.model as T;
}
