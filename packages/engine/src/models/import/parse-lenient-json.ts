import { ModelError } from '../model-error.ts';

/**
 * Parses JSON that may hold the bare tokens `NaN`, `Infinity` and `-Infinity`, as XGBoost writes
 * them (a categorical split's `split_conditions` entry is NaN in `save_model` JSON), which
 * `JSON.parse` refuses. NaN becomes null; the infinities become ±1e999, which parses to ±Infinity.
 * Text inside strings is left alone.
 *
 * @example parseLenientJson('{"a": [NaN, 1]}') // {a: [null, 1]}
 */
export function parseLenientJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Only retry when the text has such tokens; any other syntax error is reported below.
  }
  const fixed = text.replace(/"(?:[^"\\]|\\.)*"|-?\bInfinity\b|\bNaN\b/g, (t) => (t.startsWith('"') ? t : t === 'NaN' ? 'null' : t.startsWith('-') ? '-1e999' : '1e999'));
  try {
    return JSON.parse(fixed);
  } catch (e) {
    throw new ModelError('MODEL_IMPORT', `not JSON: ${(e as Error).message}`);
  }
}
