import pg from 'pg';
import { arrayElementTypes, typeParsers } from './pg-type-parsers.mjs';

type TextParser = (text: string) => unknown;

// pg-types' typings declare arrayParser as a function; at runtime it is { create(source, transform) }.
const arrayParser = pg.types.arrayParser as unknown as {
  create(source: string, transform: TextParser): { parse(): unknown[] };
};

/**
 * node-postgres type parsers matching PGlite's (`pg-type-parsers.mjs`), passed per pool rather than
 * set globally with `pg.types.setTypeParser`, so other pg users in the process are unaffected.
 */
export const pgTypeOverrides: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (format === undefined || format === 'text') {
      const scalar = typeParsers[oid];
      if (scalar !== undefined) return scalar;
      const element = arrayElementTypes[oid];
      if (element !== undefined) {
        const parseElement = typeParsers[element];
        return (text: string) => arrayParser.create(text, parseElement).parse();
      }
    }
    return pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig['getTypeParser'],
};
