import type { Org } from '../../../api/types.ts';

/**
 * The visible orgs at and below `root` (all visible orgs without one): what the page's own org
 * filter offers within the org chosen in the header.
 */
export function subtreeOf(orgs: readonly Org[], root: string | undefined): Org[] {
  if (!root) return [...orgs];
  const children = new Map<string, Org[]>();
  for (const o of orgs) if (o.parentId) children.set(o.parentId, [...(children.get(o.parentId) ?? []), o]);
  const start = orgs.find((o) => o.id === root);
  if (!start) return [];
  const out: Org[] = [];
  const stack = [start];
  while (stack.length) {
    const o = stack.pop()!;
    if (out.includes(o)) continue;
    out.push(o);
    stack.push(...(children.get(o.id) ?? []));
  }
  return out;
}
