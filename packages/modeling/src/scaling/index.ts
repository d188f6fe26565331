export * from './scaling-parameters.ts';
export * from './characteristic-input.ts';
export * from './to-scorecard-bins.ts';
export * from './scale-scorecard.ts';
export * from './reason-codes.ts';
export * from './expert-scorecard-error.ts';
export * from './expert-scorecard.ts';
