import type { Org } from '../../api/types.ts';

export interface OrgTreeNode {
  value: string;
  title: string;
  children: OrgTreeNode[];
}

/**
 * The visible orgs as a tree for a picker. An org whose parent the user cannot see (a bank
 * admin's own bank, under the union) becomes a root.
 */
export function orgTree(orgs: readonly Org[], name: (org: Org) => string): OrgTreeNode[] {
  const nodes = new Map(orgs.map((o) => [o.id, { value: o.id, title: name(o), children: [] as OrgTreeNode[] }]));
  const roots: OrgTreeNode[] = [];
  for (const o of orgs) {
    const node = nodes.get(o.id)!;
    const parent = o.parentId ? nodes.get(o.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}
