// @types/pg does not describe this module; pg's package exports make it public ("./lib/*.js").
declare module 'pg/lib/utils.js' {
  /** node-postgres's own parameter serialisation: JS value → text, Buffer or null. */
  export function prepareValue(value: unknown): string | Buffer | null;
}
