import { Type } from 'typebox';
import { I18nTextSchema } from './shared-schemas.ts';

/** An org of the tree as the API shows it. */
export const OrgSchema = Type.Object({ id: Type.String(), parentId: Type.Union([Type.String(), Type.Null()]), kind: Type.String(), name: I18nTextSchema });
/** `GET /api/v1/orgs`: the orgs visible to the caller. */
export const OrgList = Type.Object({ items: Type.Array(OrgSchema) });
