/** A group of the permission catalogue: the permissions on one kind of object (`strategy.*`). */
export interface PermissionGroup {
  group: string;
  permissions: string[];
}

/** The catalogue grouped by the part before the dot, groups and permissions in catalogue order. */
export function groupPermissions(catalogue: readonly string[]): PermissionGroup[] {
  const groups = new Map<string, string[]>();
  for (const p of catalogue) {
    const g = p.includes('.') ? p.slice(0, p.indexOf('.')) : p;
    const list = groups.get(g) ?? [];
    list.push(p);
    groups.set(g, list);
  }
  return [...groups].map(([group, permissions]) => ({ group, permissions }));
}

/** Permissions a caller could not grant, among those chosen: the reason a save would be refused. */
export function ungrantable(chosen: readonly string[], held: ReadonlySet<string>): string[] {
  return chosen.filter((p) => !held.has(p));
}
