import { describe, expect, it } from 'vitest';
import { bucketLayout, visibleBuckets } from './bucket-layout.ts';
import { entityKeyOf, ENTITY_KEY_SEPARATOR } from './entity-key-of.ts';
import { featureDefinitionId } from './feature-definition-id.ts';
import { parseWindow } from './parse-window.ts';
import type { ProfileFeature, VelocityFeature } from './types.ts';
import { validateFeatureDefinition } from './validate-feature-definition.ts';

describe('parseWindow', () => {
  it.each([
    ['1m', 60_000],
    ['60s', 60_000],
    ['10m', 600_000],
    ['24h', 86_400_000],
    ['90d', 7_776_000_000],
    [' 7d ', 604_800_000],
  ])('%s → %d ms', (w, ms) => expect(parseWindow(w)).toBe(ms));

  it.each(['59s', '91d', '0m', '1.5h', '10', 'm', '1w', '-1m', '', '10 m', '01m'])('refuses %j with FEATURE_WINDOW', (w) => {
    expect(() => parseWindow(w)).toThrow(expect.objectContaining({ code: 'FEATURE_WINDOW' }));
  });
});

describe('featureDefinitionId', () => {
  const base: VelocityFeature = { kind: 'velocity', name: 'a', agg: 'sum', field: 'amount', by: ['card'], window: '1h', eventTypes: ['card_auth', 'atm'] };

  it('is 16 hex digits, stable and blind to names, window spelling, event type order and includeCurrent', () => {
    const id = featureDefinitionId(base);
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(featureDefinitionId({ ...base, name: 'b', window: '60m', eventTypes: ['atm', 'card_auth'], includeCurrent: true })).toBe(id);
  });

  it('changes with anything that shapes the state', () => {
    const id = featureDefinitionId(base);
    const variants: VelocityFeature[] = [
      { ...base, agg: 'avg' },
      { ...base, field: 'fee' },
      { ...base, by: ['account'] },
      { ...base, by: ['card', 'device'] },
      { ...base, window: '2h' },
      { ...base, eventTypes: ['atm'] },
      { ...base, filter: 'event.amount > 10' },
    ];
    const ids = new Set(variants.map(featureDefinitionId));
    expect(ids.size).toBe(variants.length);
    expect(ids.has(id)).toBe(false);
  });

  it('ignores the field of a count and the tz of non-hour profiles, defaults profile windows', () => {
    expect(featureDefinitionId({ ...base, agg: 'count', field: 'x' })).toBe(featureDefinitionId({ ...base, agg: 'count', field: undefined }));
    const p: ProfileFeature = { kind: 'profile', name: 'p', by: ['card'], field: 'device', stat: 'isNew', eventTypes: [] };
    expect(featureDefinitionId({ ...p, tz: 'UTC', window: '90d' })).toBe(featureDefinitionId(p));
    expect(featureDefinitionId({ ...p, stat: 'usualHour', tz: 'UTC' })).not.toBe(featureDefinitionId({ ...p, stat: 'usualHour' }));
  });
});

describe('entityKeyOf', () => {
  it('joins the by fields, reaching into nested objects', () => {
    expect(entityKeyOf(['card'], { card: 'tok_1' })).toBe('tok_1');
    expect(entityKeyOf(['device', 'ip'], { device: 'd1', ip: '10.0.0.1' })).toBe(`d1${ENTITY_KEY_SEPARATOR}10.0.0.1`);
    expect(entityKeyOf(['payee.account', 'n'], { payee: { account: 'A9' }, n: 42 })).toBe(`A9${ENTITY_KEY_SEPARATOR}42`);
  });

  it('is null when any field is missing or empty', () => {
    expect(entityKeyOf(['card'], {})).toBeNull();
    expect(entityKeyOf(['card'], { card: '  ' })).toBeNull();
    expect(entityKeyOf(['device', 'ip'], { device: 'd1', ip: null })).toBeNull();
    expect(entityKeyOf(['geo'], { geo: { lat: 1, lon: 2 } })).toBeNull();
    expect(entityKeyOf(['__proto__'], {})).toBeNull();
    expect(entityKeyOf([], { a: 1 })).toBeNull();
  });
});

describe('bucketLayout', () => {
  it('cuts windows into 60 buckets of at least a second', () => {
    expect(bucketLayout(600_000)).toEqual({ windowMs: 600_000, width: 10_000, slots: 60 });
    expect(bucketLayout(61_000)).toEqual({ windowMs: 61_000, width: 1_016, slots: 61 });
    expect(bucketLayout(90 * 86_400_000, 30).width).toBe(3 * 86_400_000);
    expect(visibleBuckets(bucketLayout(60_000), 125_500)).toEqual([66, 125]);
  });
});

describe('validateFeatureDefinition', () => {
  it('accepts valid definitions', () => {
    expect(validateFeatureDefinition({ kind: 'velocity', name: 'n', agg: 'count', by: ['card'], window: '10m', eventTypes: [] })).toEqual([]);
    expect(validateFeatureDefinition({ kind: 'profile', name: 'h', stat: 'usualHour', by: ['card'], field: '', eventTypes: [], tz: 'Europe/Paris' })).toEqual([]);
    expect(validateFeatureDefinition({ kind: 'geo', name: 'g', by: ['card'], field: 'loc', eventTypes: [] })).toEqual([]);
  });

  it('reports every problem with its path', () => {
    const issues = validateFeatureDefinition({ kind: 'velocity', name: '', agg: 'sum', by: [], window: '2y', eventTypes: 'x' });
    expect(issues.map((i) => `${i.path}:${i.code}`).sort()).toEqual(['by:REQUIRED', 'eventTypes:TYPE', 'field:REQUIRED', 'name:REQUIRED', 'window:FEATURE_WINDOW']);
    expect(validateFeatureDefinition({ kind: 'profile', name: 'p', stat: 'mode', by: ['c'], eventTypes: [], tz: 'Nowhere/City' }).map((i) => i.code)).toEqual([
      'FEATURE_STAT',
      'FEATURE_TZ',
    ]);
    expect(validateFeatureDefinition(null)[0]?.code).toBe('TYPE');
    expect(validateFeatureDefinition({ kind: 'tree' }).map((i) => i.path)).toContain('kind');
  });
});
