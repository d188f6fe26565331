export * from './diff-packages.ts';
export * from './render-diff.ts';
export { numericLiteralChanges, type NumericLiteralChange } from './numeric-literal-changes.ts';
export * from './run-test-cases.ts';
