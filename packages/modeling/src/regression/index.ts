export * from './cholesky.ts';
export * from './erfc.ts';
export * from './logistic-fit-error.ts';
export * from './fit-logistic.ts';
export * from './predict-logistic.ts';
