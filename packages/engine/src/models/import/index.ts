export * from './import-options.ts';
export * from './import-xgboost-json.ts';
export { importXgboostDump, type XgboostDumpOptions } from './import-xgboost-dump.ts';
export { importXgboostModel } from './import-xgboost-model.ts';
export * from './import-lightgbm-text.ts';
export * from './import-decision-tree.ts';
export { parseLenientJson } from './parse-lenient-json.ts';
