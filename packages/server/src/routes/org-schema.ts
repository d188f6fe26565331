import { Type } from 'typebox';
import { I18nTextSchema } from './shared-schemas.ts';

/** An org of the tree as the API shows it. */
export const OrgSchema = Type.Object({ id: Type.String(), parentId: Type.Union([Type.String(), Type.Null()]), kind: Type.String(), name: I18nTextSchema });
/** `GET /api/v1/orgs`: the orgs visible to the caller. */
export const OrgList = Type.Object({ items: Type.Array(OrgSchema) });

/** A parameter's value: a number, a string, a boolean or a list of strings. */
// One `type` list, not a union, so that a boolean or a number is stored as sent (see ScalarSchema).
export const ParamValueSchema = Type.Unsafe<number | string | boolean | string[]>({
  type: ['number', 'string', 'boolean', 'array'],
  maxLength: 1000,
  items: { type: 'string', maxLength: 256 },
  maxItems: 500,
});
/**
 * `GET /api/v1/orgs/{id}/params` (and the answer of setting one): the org's own values, the
 * effective ones rules see (nearest org wins), and for each effective key the org it comes from.
 */
export const OrgParamsSchema = Type.Object({
  own: Type.Record(Type.String(), ParamValueSchema),
  effective: Type.Record(Type.String(), ParamValueSchema),
  sources: Type.Record(Type.String(), Type.String()),
});
