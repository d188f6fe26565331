// API types of the console's strategy pages (see ../api-types.ts for the rules: type-only, from
// schema modules that import nothing of the server).
import type { Static } from 'typebox';
import type { StrategyPackageSchema } from '../routes/strategy-schema.ts';

/** A strategy package document as imported, edited and exported. */
export type StrategyPackage = Static<typeof StrategyPackageSchema>;
