import type { Org } from '../../../api/types.ts';

/** One row of the org tree table; `children` absent on leaves (antd shows no expander then). */
export interface OrgRow {
  key: string;
  org: Org;
  depth: number;
  children?: OrgRow[];
}

/**
 * The visible orgs as nested table rows, siblings by id. An org whose parent the caller cannot
 * see (a bank admin's own bank under the union) is a root.
 */
export function orgRows(orgs: readonly Org[]): OrgRow[] {
  const byParent = new Map<string | null, Org[]>();
  const ids = new Set(orgs.map((o) => o.id));
  for (const o of orgs) {
    const parent = o.parentId && ids.has(o.parentId) ? o.parentId : null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), o]);
  }
  const build = (parent: string | null, depth: number, seen: Set<string>): OrgRow[] =>
    (byParent.get(parent) ?? [])
      .filter((o) => !seen.has(o.id))
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((org) => {
        const children = build(org.id, depth + 1, new Set([...seen, org.id]));
        return { key: org.id, org, depth, ...(children.length ? { children } : {}) };
      });
  return build(null, 0, new Set());
}

/** The kind a new child org of `parent` has by default: banks under the union, branches under a bank. */
export function childKind(parent: Org): 'legal_entity' | 'branch' | 'sub_branch' {
  if (parent.kind === 'union') return 'legal_entity';
  if (parent.kind === 'legal_entity') return 'branch';
  return 'sub_branch';
}
