// API types of the console's strategy pages (see ../api-types.ts for the rules: type-only, from
// schema modules that import nothing of the server).
import type { Static } from 'typebox';
import type { StrategyPackageSchema } from '../routes/strategy-schema.ts';

/** A strategy package document as imported, edited and exported. */
export type StrategyPackage = Static<typeof StrategyPackageSchema>;

// Strategy editor: expression checking and the authoring catalogue.
import type { AuthoringCatalogueSchema, CheckExpressionBodySchema, CheckExpressionResultSchema, DiagnosticSchema } from '../routes/strategy-authoring-schema.ts';
/** Request of POST /api/v1/strategies/check. */
export type CheckExpressionRequest = Static<typeof CheckExpressionBodySchema>;
/** Answer of POST /api/v1/strategies/check. */
export type CheckExpressionResult = Static<typeof CheckExpressionResultSchema>;
/** One problem of a checked expression (character offsets). */
export type ExpressionDiagnostic = Static<typeof DiagnosticSchema>;
/** Answer of GET/POST /api/v1/strategies/authoring-catalogue. */
export type AuthoringCatalogue = Static<typeof AuthoringCatalogueSchema>;
