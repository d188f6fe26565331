export * from './types.ts';
export * from './model-error.ts';
export * from './validate-model.ts';
export * from './score-model.ts';
export { scoreTrees } from './score-trees.ts';
export { sigmoid, scoreFromLogOdds } from './log-odds.ts';
export { matchBin, describeBin } from './match-bin.ts';
export * from './import/index.ts';
