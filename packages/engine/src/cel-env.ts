import type { CelTypeSpec } from '@vigil/cel';
import type { FeatureDefinition } from './features/index.ts';
import type { EventTypeDef, FieldType } from './types.ts';

const FIELD_CEL_TYPE: Record<FieldType, CelTypeSpec> = {
  string: 'string',
  enum: 'string',
  number: 'double',
  integer: 'int',
  boolean: 'bool',
  timestamp: 'timestamp',
  geo: { lat: 'double', lon: 'double' },
  string_list: 'list<string>',
};

/** The CEL type of `event` for an event type: one typed field per schema field. */
export function eventCelType(def: EventTypeDef): Record<string, CelTypeSpec> {
  const out: Record<string, CelTypeSpec> = {};
  for (const [name, f] of Object.entries(def.fields)) out[name] = FIELD_CEL_TYPE[f.type];
  return out;
}

/**
 * The CEL type of a feature's value. Counts are `int`; values that may be absent
 * (an average of no events, a first occurrence) are `dyn` so rules can test them against null.
 */
export function featureCelType(def: FeatureDefinition): CelTypeSpec {
  if (def.kind === 'geo') return 'dyn';
  if (def.kind === 'profile') {
    if (def.stat === 'isNew') return 'bool';
    if (def.stat === 'seenCount') return 'int';
    return 'double';
  }
  switch (def.agg) {
    case 'count':
    case 'distinct':
      return 'int';
    case 'sum':
      return 'double';
    default:
      return 'dyn';
  }
}

/** Converts a feature value from the store into the CEL value its declared type expects. */
export function featureCelValue(def: FeatureDefinition, value: unknown): unknown {
  const t = featureCelType(def);
  if (t === 'int') return BigInt(Math.trunc(typeof value === 'number' ? value : 0));
  if (t === 'double') return typeof value === 'number' ? value : 0;
  if (t === 'bool') return value === true;
  if (def.kind === 'velocity' && def.agg === 'first_seen' && typeof value === 'number') return new Date(value);
  return value ?? null;
}

/** Variables every expression may use besides `event`. */
export const CONTEXT_VARIABLES: Record<string, CelTypeSpec> = {
  eventType: 'string',
  channel: 'string',
  org: 'string',
  now: 'timestamp',
  params: 'map',
};
