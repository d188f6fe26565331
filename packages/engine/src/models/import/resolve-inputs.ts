import { ModelError } from '../model-error.ts';

/**
 * The input expressions for a model's features, from the importer's `inputs` option (see
 * {@link ImportOptions}): the names themselves by default, a list in feature order, or a map by
 * name where a feature that no split uses may be left out and reads `null`.
 *
 * @example resolveInputs(['amount', 'mcc'], {amount: 'event.amount', mcc: 'event.mcc'}, new Set([0, 1])) // ['event.amount', 'event.mcc']
 */
export function resolveInputs(featureNames: string[], inputs: string[] | Record<string, string> | undefined, used: ReadonlySet<number>): string[] {
  if (inputs === undefined) return [...featureNames];
  if (Array.isArray(inputs)) {
    if (inputs.length !== featureNames.length) throw new ModelError('MODEL_IMPORT', `the model has ${featureNames.length} features, ${inputs.length} inputs were given`);
    return [...inputs];
  }
  const known = new Set(featureNames);
  const stray = Object.keys(inputs).filter((k) => !known.has(k));
  if (stray.length) throw new ModelError('MODEL_IMPORT', `the model has no feature named ${stray.join(', ')}`);
  const lacking = featureNames.filter((f, i) => inputs[f] === undefined && used.has(i));
  if (lacking.length) throw new ModelError('MODEL_IMPORT', `no input for feature ${lacking.join(', ')}, which the trees split on`);
  return featureNames.map((f) => inputs[f] ?? 'null');
}
