export * from './types.ts';
export * from './store.ts';
export * from './feature-error.ts';
export * from './parse-window.ts';
export * from './feature-definition-id.ts';
export * from './entity-key-of.ts';
export * from './bucket-layout.ts';
export * from './validate-feature-definition.ts';
export * from './memory-store.ts';
export { haversineKm } from './haversine-km.ts';
export { localHour } from './local-hour.ts';
/** Per-state operations shared by feature store adapters (read, write, de-duplication, eviction, byte form). */
export * as featureState from './state-ops.ts';
