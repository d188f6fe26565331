/** The id of the union, the root of the organisation tree. */
export const ROOT_ORG = 'root';

/**
 * Answers questions about the organisation tree. The flat default knows only the union and its
 * direct members; the identity model replaces it with the real tree of any depth.
 */
export interface OrgDirectory {
  /** The org and its ancestors up to the root, nearest first: whose lists and parameters apply. */
  chain(orgId: string): string[];
  /** Whether `orgId` is `ancestor` or below it. */
  isWithin(orgId: string, ancestor: string): boolean;
}

export class FlatOrgDirectory implements OrgDirectory {
  chain(orgId: string): string[] {
    return orgId === ROOT_ORG ? [ROOT_ORG] : [orgId, ROOT_ORG];
  }
  isWithin(orgId: string, ancestor: string): boolean {
    return ancestor === ROOT_ORG || orgId === ancestor;
  }
}
