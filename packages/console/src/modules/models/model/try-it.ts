import type { ScorecardArtefact } from './artefact-types.ts';

export type InputType = 'numeric' | 'categorical';

/** The type of each input of a scorecard (from its binning); other models' inputs are untyped. */
export function inputTypes(artefact: ScorecardArtefact | null): Record<string, InputType> {
  if (!artefact) return {};
  return Object.fromEntries(artefact.binning.map((b) => [b.name, b.type]));
}

/**
 * The `inputs` of a scoring request from the form's texts: a blank field is left out (a missing
 * value, scored as the model scores missing values), a numeric input becomes a number, a
 * categorical one stays text, and an untyped one is a number when it reads as one.
 *
 * @example
 * scoreInputs({ age: '35', job: 'A173', income: '' }, { age: 'numeric', job: 'categorical' }) // { age: 35, job: 'A173' }
 */
export function scoreInputs(values: Record<string, string | undefined>, types: Record<string, InputType>): { inputs: Record<string, unknown>; invalid: string[] } {
  const inputs: Record<string, unknown> = {};
  const invalid: string[] = [];
  for (const [name, raw] of Object.entries(values)) {
    const text = raw?.trim() ?? '';
    if (!text) continue;
    const n = Number(text);
    if (types[name] === 'numeric') {
      if (Number.isFinite(n)) inputs[name] = n;
      else invalid.push(name);
    } else if (types[name] === 'categorical') inputs[name] = text;
    else if (text === 'true' || text === 'false') inputs[name] = text === 'true';
    else inputs[name] = Number.isFinite(n) ? n : text;
  }
  return { inputs, invalid };
}

/** Example values for the form: each numeric input's middle bin bound, each categorical input's first category. */
export function exampleInputs(artefact: ScorecardArtefact | null): Record<string, string> {
  if (!artefact) return {};
  const out: Record<string, string> = {};
  for (const name of artefact.features) {
    const b = artefact.binning.find((x) => x.name === name);
    if (!b) continue;
    if (b.type === 'numeric') {
      const cut = b.breaks?.[Math.floor((b.breaks.length - 1) / 2)];
      if (cut !== undefined) out[name] = String(cut);
    } else {
      const first = b.bins.find((x) => x.kind === 'categories')?.values?.[0];
      if (first !== undefined) out[name] = String(first);
    }
  }
  return out;
}
