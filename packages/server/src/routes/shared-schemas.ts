import { Type } from 'typebox';

// Schemas used by many routes, in a module that imports nothing of the server: the console's
// types are derived from them (see api-types.ts) without pulling server code into its build.

/**
 * A string, a number or a boolean, kept as sent. One JSON-schema `type` list rather than a union:
 * request validation converts types (query strings are text), and in a union the first branch
 * would turn `true` into `"true"` or `1`; a value whose type is in the list is never converted.
 */
export function ScalarSchema(maxLength: number) {
  return Type.Unsafe<string | number | boolean>({ type: ['string', 'number', 'boolean'], maxLength });
}

export const I18nTextSchema = Type.Object({ zh: Type.String({ minLength: 1, maxLength: 200 }), en: Type.String({ minLength: 1, maxLength: 200 }) });

export const ErrorSchema = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    requestId: Type.String(),
    path: Type.Optional(Type.String()),
    details: Type.Optional(Type.Array(Type.Object({ path: Type.String(), code: Type.String(), message: Type.String() }))),
  }),
});

export const errorResponses = {
  400: ErrorSchema,
  401: ErrorSchema,
  403: ErrorSchema,
  404: ErrorSchema,
  409: ErrorSchema,
  413: ErrorSchema,
  429: ErrorSchema,
  503: ErrorSchema,
};
