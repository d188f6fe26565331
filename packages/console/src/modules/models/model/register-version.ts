import type { ModelFormat, RegisterVersionRequest } from '../../../api/types.ts';

/**
 * The format of an uploaded model file, guessed from its name and text: LightGBM's text model,
 * XGBoost's JSON (`save_model` or a dump), a Vigil model (a fit's artefact or an engine
 * definition), else a nested decision tree. The user may change the guess.
 */
export function guessFormat(fileName: string, text: string): ModelFormat {
  const head = text.trimStart();
  if (/\.txt$/i.test(fileName) || /^tree\r?\n/.test(head) || /^version=v\d/m.test(head.slice(0, 500))) return 'lightgbm_text';
  if (!head.startsWith('{') && !head.startsWith('[')) return 'lightgbm_text';
  if (/"learner"\s*:/.test(head) || (head.startsWith('[') && /"nodeid"\s*:/.test(head))) return 'xgboost_json';
  if (/"format"\s*:\s*"vigil\./.test(head) || /"kind"\s*:\s*"(scorecard|logistic)"/.test(head)) return 'vigil';
  return 'decision_tree';
}

export type ContentProblem = { code: 'EMPTY' } | { code: 'INVALID_JSON'; message: string };

/** The `content` of a registration: the text itself for LightGBM, the parsed JSON document otherwise. */
export function parseContent(format: ModelFormat, text: string): { content: unknown } | { problem: ContentProblem } {
  if (!text.trim()) return { problem: { code: 'EMPTY' } };
  if (format === 'lightgbm_text') return { content: text };
  try {
    return { content: JSON.parse(text) as unknown };
  } catch (e) {
    return { problem: { code: 'INVALID_JSON', message: e instanceof Error ? e.message : String(e) } };
  }
}

/**
 * Feature names typed or pasted as a list (commas, spaces or one per line), each once, in order.
 *
 * @example
 * parseFeatureNames('age, income\nage') // ['age', 'income']
 */
export function parseFeatureNames(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean))];
}

/** The registration request of the dialog's values. */
export function registerRequest(v: { format: ModelFormat; content: unknown; features?: string; note?: string }): RegisterVersionRequest {
  const features = parseFeatureNames(v.features ?? '');
  const note = v.note?.trim();
  return { format: v.format, content: v.content, ...(features.length ? { features } : {}), ...(note ? { note } : {}) };
}
