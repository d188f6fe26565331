export * from './types.ts';
export * from './model-error.ts';
export * from './validate-model.ts';
export * from './score-model.ts';
export { matchBin, describeBin } from './match-bin.ts';
