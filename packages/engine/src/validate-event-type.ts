import { ValidationError, type Issue } from './validation-error.ts';
import { OUTCOMES, type EventTypeDef, type Outcome } from './types.ts';

const KEY = /^[a-z][a-z0-9_]{0,63}$/;
const FIELD = /^[a-z][A-Za-z0-9_]{0,63}$/;
const FIELD_TYPES = ['string', 'number', 'integer', 'boolean', 'timestamp', 'geo', 'enum', 'string_list'];
const ENTITY_KINDS = ['customer', 'account', 'card', 'device', 'ip', 'phone', 'merchant', 'terminal', 'payee', 'id_number', 'campaign'];
const MAX_FIELDS = 200;
/** Names every JS object inherits (toString, valueOf, constructor…): never valid field names. */
const INHERITED = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * Checks an event type definition beyond its JSON shape: field names, entity and sensitive
 * fields that exist, a complete outcome precedence, a budget the engine can honour.
 */
export function validateEventType(def: EventTypeDef): EventTypeDef {
  const issues: Issue[] = [];
  const add = (path: string, code: string, message: string) => issues.push({ path, code, message });
  if (!KEY.test(def.key)) add('key', 'INVALID_KEY', 'must be lower-case letters, digits and _, starting with a letter');
  const fields = Object.entries(def.fields ?? {});
  if (fields.length === 0) add('fields', 'REQUIRED', 'at least one field is required');
  if (fields.length > MAX_FIELDS) add('fields', 'TOO_MANY', `at most ${MAX_FIELDS} fields`);
  for (const [name, f] of fields) {
    if (!FIELD.test(name) || name.startsWith('__') || INHERITED.has(name)) add(`fields.${name}`, 'INVALID_NAME', 'invalid field name');
    if (!FIELD_TYPES.includes(f.type)) add(`fields.${name}.type`, 'INVALID_TYPE', `must be one of ${FIELD_TYPES.join(', ')}`);
    if (f.type === 'enum' && !(Array.isArray(f.values) && f.values.length > 0)) add(`fields.${name}.values`, 'REQUIRED', 'an enum needs values');
  }
  for (const [name, kind] of Object.entries(def.entityFields ?? {})) {
    if (!Object.hasOwn(def.fields ?? {}, name)) add(`entityFields.${name}`, 'UNKNOWN_FIELD', 'not a field of this event type');
    if (!ENTITY_KINDS.includes(kind)) add(`entityFields.${name}`, 'INVALID_KIND', `must be one of ${ENTITY_KINDS.join(', ')}`);
  }
  for (const [name, kind] of Object.entries(def.sensitiveFields ?? {})) {
    const f = Object.hasOwn(def.fields ?? {}, name) ? def.fields[name] : undefined;
    if (!f) add(`sensitiveFields.${name}`, 'UNKNOWN_FIELD', 'not a field of this event type');
    else if (f.type !== 'string') add(`sensitiveFields.${name}`, 'INVALID_TYPE', 'a sensitive field must be a string');
    if (!['pan', 'phone', 'id_number', 'name'].includes(kind)) add(`sensitiveFields.${name}`, 'INVALID_KIND', 'must be pan, phone, id_number or name');
  }
  if (def.orgField && def.fields?.[def.orgField]?.type !== 'string') add('orgField', 'UNKNOWN_FIELD', 'must name a string field');
  if (!(Number.isInteger(def.latencyBudgetMs) && def.latencyBudgetMs >= 5 && def.latencyBudgetMs <= 10_000)) {
    add('latencyBudgetMs', 'RANGE', 'must be an integer between 5 and 10000');
  }
  if (!OUTCOMES.includes(def.fallbackOutcome)) add('fallbackOutcome', 'INVALID_OUTCOME', `must be one of ${OUTCOMES.join(', ')}`);
  const prec = def.outcomePrecedence ?? [];
  if (prec.length !== OUTCOMES.length || !OUTCOMES.every((o: Outcome) => prec.includes(o))) {
    add('outcomePrecedence', 'INVALID_PRECEDENCE', 'must list each of pass, review, challenge, reject exactly once');
  }
  if (issues.length) throw new ValidationError('VALIDATION_FAILED', issues);
  return def;
}
