import type { Issue } from '../validation-error.ts';
import { FeatureError } from './feature-error.ts';
import { assertTimeZone } from './local-hour.ts';
import { parseWindow } from './parse-window.ts';
import type { Aggregation } from './types.ts';

const AGGS: readonly Aggregation[] = ['count', 'sum', 'avg', 'min', 'max', 'distinct', 'stddev', 'first_seen', 'last_value'];
const FIELD_AGGS: readonly Aggregation[] = ['sum', 'avg', 'min', 'max', 'distinct', 'stddev', 'last_value'];
const STATS = ['isNew', 'seenCount', 'share', 'usualHour'];

/**
 * Every problem the store would trip over in a feature definition (shape, window, aggregation,
 * time zone), with paths relative to the definition. Field existence is the strategy compiler's job.
 *
 * @example validateFeatureDefinition({kind: 'velocity', name: 'n', agg: 'sum', by: ['card'], window: '2y', eventTypes: []})
 * // → [{path: 'window', code: 'FEATURE_WINDOW', …}, {path: 'field', code: 'REQUIRED', …}]
 */
export function validateFeatureDefinition(def: unknown): Issue[] {
  const issues: Issue[] = [];
  const add = (path: string, code: string, message: string) => issues.push({ path, code, message });
  if (def === null || typeof def !== 'object') return [{ path: '', code: 'TYPE', message: 'a feature definition must be an object' }];
  const d = def as Record<string, unknown>;
  if (typeof d.name !== 'string' || d.name === '') add('name', 'REQUIRED', 'name is required');
  if (!Array.isArray(d.by) || d.by.length === 0 || !d.by.every((b) => typeof b === 'string' && b !== '')) {
    add('by', 'REQUIRED', 'by must list at least one event field');
  }
  if (!Array.isArray(d.eventTypes) || !d.eventTypes.every((t) => typeof t === 'string')) add('eventTypes', 'TYPE', 'eventTypes must be a list of event type keys');
  if (d.filter !== undefined && typeof d.filter !== 'string') add('filter', 'TYPE', 'filter must be a CEL expression');
  const window = (required: boolean) => {
    if (d.window === undefined && !required) return;
    try {
      parseWindow(d.window as string);
    } catch (e) {
      add('window', 'FEATURE_WINDOW', (e as Error).message);
    }
  };
  const field = () => {
    if (typeof d.field !== 'string' || d.field === '') add('field', 'REQUIRED', `field is required`);
  };
  switch (d.kind) {
    case 'velocity':
      if (!AGGS.includes(d.agg as Aggregation)) add('agg', 'FEATURE_AGG', `agg must be one of ${AGGS.join(', ')}`);
      else if (FIELD_AGGS.includes(d.agg as Aggregation)) field();
      if (d.includeCurrent !== undefined && typeof d.includeCurrent !== 'boolean') add('includeCurrent', 'TYPE', 'includeCurrent must be a boolean');
      window(true);
      break;
    case 'profile':
      if (!STATS.includes(d.stat as string)) add('stat', 'FEATURE_STAT', `stat must be one of ${STATS.join(', ')}`);
      else if (d.stat !== 'usualHour') field();
      if (d.tz !== undefined) {
        try {
          if (typeof d.tz !== 'string') throw new FeatureError('FEATURE_TZ', 'tz must be an IANA time zone name');
          assertTimeZone(d.tz);
        } catch (e) {
          add('tz', 'FEATURE_TZ', (e as Error).message);
        }
      }
      window(false);
      break;
    case 'geo':
      field();
      window(false);
      break;
    default:
      add('kind', 'FEATURE_KIND', 'kind must be velocity, profile or geo');
  }
  return issues;
}
