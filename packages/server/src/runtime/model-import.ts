import { importDecisionTree, importLightgbmText, importXgboostJson, ModelError, modelInputs, validateModel, type ModelDefinition } from '@vigil/engine';
import { AppError } from '../errors.ts';

export type ModelFormat = 'vigil' | 'xgboost_json' | 'lightgbm_text' | 'decision_tree';

/** A model as the registry stores a version of it. */
export interface ImportedModel {
  kind: ModelDefinition['kind'];
  /** The engine definition, its inputs `event.<feature>` until a deployment maps them. */
  definition: ModelDefinition;
  features: string[];
  artefact: Record<string, unknown> | null;
  woeConvention: string | null;
  metrics: Record<string, unknown> | null;
}

const FEATURE = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

function invalid(message: string, details: Array<{ path: string; message: string }> = []): AppError {
  return new AppError('VALIDATION_FAILED', message, { path: 'content', details: details.map((d) => ({ path: d.path ? `content.${d.path}` : 'content', code: 'INVALID_MODEL', message: d.message })) });
}

/** The feature a default input names (`event.duration` → `duration`). */
function featureOf(input: string): string {
  const m = /^event\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(input);
  return m ? m[1]! : input;
}

function checkFeatures(features: string[]): void {
  const bad = features.findIndex((f) => !FEATURE.test(f));
  if (bad >= 0) throw new AppError('VALIDATION_FAILED', `feature name ${JSON.stringify(features[bad])} is not an identifier (letters, digits, _)`, { path: `features[${bad}]` });
  const seen = new Set<string>();
  for (const [i, f] of features.entries()) {
    if (seen.has(f)) throw new AppError('VALIDATION_FAILED', `feature ${f} is named twice`, { path: `features[${i}]` });
    seen.add(f);
  }
}

/** Validates an engine definition and fixes its id; every problem at its path under `content`. */
function engineModel(def: unknown, id: string, prefix = ''): ModelDefinition {
  const v = validateModel(def && typeof def === 'object' ? { ...(def as object), id } : def);
  if (!v.ok) throw invalid(`the model is not valid: ${v.errors[0]!.path} ${v.errors[0]!.message}`, v.errors.map((e) => ({ path: prefix + e.path, message: e.message })));
  return v.model;
}

/**
 * Turns what a modeller uploads into the registry's form: a Vigil scorecard artefact (`model.json`
 * of `vigil scorecard fit`) or an engine definition, an XGBoost JSON model or dump, a LightGBM text
 * model or a nested decision tree. Tree formats are parsed by the engine's importers, so the model
 * scored in a strategy is the one validated here.
 */
export function importModel(format: ModelFormat, content: unknown, key: string, features?: string[], xgboost?: { objective: string; baseScore: number }): ImportedModel {
  if (format === 'vigil') {
    if (!content || typeof content !== 'object' || Array.isArray(content)) throw invalid('a Vigil model is a JSON object: a scorecard artefact or an engine model definition');
    const doc = content as Record<string, unknown>;
    if (doc.format === 'vigil.scorecard/v1') {
      const definition = engineModel(doc.model, key, 'model.');
      const names = Array.isArray(doc.features) ? (doc.features as unknown[]).map(String) : modelInputs(definition).map(featureOf);
      checkFeatures(names);
      if (names.length !== modelInputs(definition).length) throw invalid(`the artefact names ${names.length} features for a model of ${modelInputs(definition).length} inputs`);
      return { kind: definition.kind, definition, features: names, artefact: doc, woeConvention: typeof doc.woeConvention === 'string' ? doc.woeConvention : null, metrics: (doc.metrics as Record<string, unknown>) ?? null };
    }
    const definition = engineModel(doc, key);
    const names = features ?? modelInputs(definition).map(featureOf);
    checkFeatures(names);
    if (names.length !== modelInputs(definition).length) throw new AppError('VALIDATION_FAILED', `${names.length} feature names for a model of ${modelInputs(definition).length} inputs`, { path: 'features' });
    return { kind: definition.kind, definition: withInputs(definition, names.map((f) => `event.${f}`)), features: names, artefact: null, woeConvention: null, metrics: null };
  }
  let tree: ModelDefinition;
  try {
    if (format === 'lightgbm_text') {
      if (typeof content !== 'string') throw invalid('a LightGBM model is its text file, sent as a JSON string');
      tree = importLightgbmText(content, { id: key });
    } else if (format === 'xgboost_json') tree = importXgboostJson(content, { id: key, ...(xgboost ?? {}), ...(features ? { featureNames: features } : {}) });
    else tree = importDecisionTree(content, { id: key });
  } catch (e) {
    if (e instanceof ModelError) throw invalid(`the ${format} model cannot be imported: ${e.message}`, [{ path: '', message: e.message }]);
    throw e;
  }
  const n = modelInputs(tree).length;
  const names = features ?? (tree as { featureNames?: string[] }).featureNames ?? Array.from({ length: n }, (_, i) => `f${i}`);
  if (names.length !== n) throw new AppError('VALIDATION_FAILED', `${names.length} feature names for a model of ${n} features`, { path: 'features' });
  checkFeatures(names);
  const definition = engineModel(withInputs(tree, names.map((f) => `event.${f}`)), key);
  return { kind: definition.kind, definition, features: names, artefact: null, woeConvention: null, metrics: null };
}

/** The definition with its inputs replaced, in order (a deployment's mapping, or the defaults). */
export function withInputs(def: ModelDefinition, inputs: string[]): ModelDefinition {
  const d = structuredClone(def);
  if (d.kind === 'scorecard') d.characteristics.forEach((c, i) => (c.input = inputs[i]!));
  else if (d.kind === 'logistic') d.coefficients.forEach((c, i) => (c.input = inputs[i]!));
  else (d as { inputs: string[] }).inputs = [...inputs];
  return d;
}
