export type { AcceptedSample, RejectedSample, AugmentedSample } from './augmented-sample.ts';
export * from './hard-cutoff.ts';
export * from './parcelling.ts';
export * from './fuzzy-augmentation.ts';
