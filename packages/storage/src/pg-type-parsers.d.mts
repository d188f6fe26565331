/** Result parsers by PostgreSQL type OID, shared by the pg and PGlite drivers. */
export declare const typeParsers: Readonly<Record<number, (text: string) => unknown>>;
/** Array type OID → element type OID, for the types overridden in `typeParsers`. */
export declare const arrayElementTypes: Readonly<Record<number, number>>;
