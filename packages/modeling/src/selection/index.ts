export * from './select-by-iv.ts';
export * from './correlation-matrix.ts';
export * from './correlation-filter.ts';
export * from './vif.ts';
export * from './stepwise.ts';
