import { createHash } from 'node:crypto';
import { parseWindow } from './parse-window.ts';
import type { FeatureDefinition } from './types.ts';

/** Profiles and geo features look back 90 days unless told otherwise. */
export const DEFAULT_PROFILE_WINDOW = '90d';
export const DEFAULT_TZ = 'Asia/Shanghai';

/**
 * A stable id for the state a feature definition keeps: sha256 (first 16 hex digits) of the
 * canonical JSON of the fields that shape that state. The name is left out so two strategies
 * declaring the same aggregate share one state; so is `includeCurrent`, which only changes what a
 * read returns. Windows are compared in milliseconds (`'60m'` and `'1h'` share), event types as a
 * sorted set, and fields a definition cannot use (the `field` of a count) are ignored.
 *
 * @example featureDefinitionId({kind: 'velocity', name: 'n10m', agg: 'count', by: ['card'], window: '10m', eventTypes: ['card_auth']})
 */
export function featureDefinitionId(def: FeatureDefinition): string {
  return createHash('sha256').update(canonicalJson(stateShape(def))).digest('hex').slice(0, 16);
}

function stateShape(def: FeatureDefinition): Record<string, unknown> {
  const base: Record<string, unknown> = {
    kind: def.kind,
    by: def.by,
    eventTypes: [...new Set(def.eventTypes ?? [])].sort(),
    filter: def.filter?.trim() || undefined,
    // Per-bank and union-wide states are different states (the entity keys differ).
    scope: def.scope === 'global' ? 'global' : undefined,
    on: def.on === 'feedback' ? 'feedback' : undefined,
  };
  switch (def.kind) {
    case 'velocity':
      return {
        ...base,
        agg: def.agg,
        field: def.agg === 'count' || def.agg === 'first_seen' ? undefined : def.field,
        window: parseWindow(def.window),
      };
    case 'profile':
      return {
        ...base,
        stat: def.stat,
        field: def.field,
        window: parseWindow(def.window ?? DEFAULT_PROFILE_WINDOW),
        tz: def.stat === 'usualHour' ? def.tz ?? DEFAULT_TZ : undefined,
      };
    case 'geo':
      return { ...base, field: def.field, window: parseWindow(def.window ?? DEFAULT_PROFILE_WINDOW) };
  }
}

/** JSON with object keys sorted and undefined members dropped, so equal shapes hash equally. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const parts: string[] = [];
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) parts.push(`${JSON.stringify(k)}:${canonicalJson(x)}`);
    }
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(v);
}
