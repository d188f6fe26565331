import { ModelError } from '../model-error.ts';
import type { TreeEnsembleModel } from '../types.ts';
import { isObj } from '../validate-helpers.ts';
import { importXgboostDump, type XgboostDumpOptions } from './import-xgboost-dump.ts';
import { importXgboostModel } from './import-xgboost-model.ts';
import { parseLenientJson } from './parse-lenient-json.ts';

export type XgboostImportOptions = XgboostDumpOptions;

/**
 * An XGBoost model as a `tree_ensemble`, from either JSON XGBoost writes: the model format
 * (`save_model('m.json')`, an object with `learner`; objective, base score and feature names come
 * with it) or the dump (`dump_model(f, dump_format='json')`, a list of trees; pass `objective` and
 * `baseScore`). Text is parsed leniently, since XGBoost writes bare NaN in its model JSON.
 *
 * The result compares `x < split` in float32 (`float32: true`) and sends missing values (NaN,
 * absent) the node's default way, as XGBoost's predictor does; the base score becomes a margin
 * (logit for binary:logistic). Node covers, when present, give Saabas contributions equal to
 * XGBoost's `approx_contribs`.
 *
 * @example importXgboostJson(readFileSync('m.json', 'utf8'), {id: 'fraud_xgb', inputs: {amount: 'event.amount', velocity: 'features.tx_1h'}})
 */
export function importXgboostJson(json: unknown, opts: XgboostImportOptions): TreeEnsembleModel {
  const doc = typeof json === 'string' ? parseLenientJson(json) : json;
  if (Array.isArray(doc)) return importXgboostDump(doc, opts);
  if (isObj(doc) && isObj(doc.learner)) return importXgboostModel(doc.learner, opts);
  throw new ModelError('MODEL_IMPORT', 'neither an XGBoost JSON model (save_model: an object with learner) nor a JSON dump (dump_model: a list of trees)');
}
