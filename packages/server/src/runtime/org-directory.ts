/** The id of the union, the root of the organisation tree. */
export const ROOT_ORG = 'root';

/** Answers questions about the organisation tree. */
export interface OrgDirectory {
  /** The org and its ancestors up to the root, nearest first: whose lists and parameters apply. */
  chain(orgId: string): string[];
  /** Whether `orgId` is `ancestor` or below it. */
  isWithin(orgId: string, ancestor: string): boolean;
}

/**
 * The organisation tree of any depth, loaded from the database, with the per-org parameters rules
 * read as `params.*`: a value set on a bank overrides the union's, a branch's overrides its bank's.
 * An org id not in the tree (a channel sending a bank not yet registered) hangs under the union.
 */
export class TreeOrgDirectory implements OrgDirectory {
  private parents = new Map<string, string | null>();
  private children = new Map<string, string[]>();
  private own = new Map<string, Record<string, unknown>>();
  private effective = new Map<string, Record<string, unknown>>();

  /** Replaces the tree and parameters (after a change). */
  load(orgs: Array<{ id: string; parentId: string | null }>, params: Array<{ orgId: string; key: string; value: unknown }>): void {
    this.parents = new Map(orgs.map((o) => [o.id, o.parentId]));
    this.children = new Map();
    for (const o of orgs) {
      if (o.parentId === null) continue;
      const list = this.children.get(o.parentId) ?? [];
      list.push(o.id);
      this.children.set(o.parentId, list);
    }
    this.own = new Map();
    for (const p of params) {
      const m = this.own.get(p.orgId) ?? {};
      m[p.key] = p.value;
      this.own.set(p.orgId, m);
    }
    this.effective = new Map();
  }

  has(orgId: string): boolean {
    return this.parents.has(orgId);
  }

  chain(orgId: string): string[] {
    const out: string[] = [];
    const seen = new Set<string>();
    let cur: string | null | undefined = orgId;
    while (cur && !seen.has(cur)) {
      seen.add(cur);
      out.push(cur);
      cur = this.parents.has(cur) ? this.parents.get(cur) : cur === ROOT_ORG ? null : ROOT_ORG;
    }
    if (out[out.length - 1] !== ROOT_ORG) out.push(ROOT_ORG);
    return out;
  }

  isWithin(orgId: string, ancestor: string): boolean {
    return this.chain(orgId).includes(ancestor);
  }

  /** The org and everything below it. */
  subtree(orgId: string): string[] {
    const out: string[] = [];
    const stack = [orgId];
    while (stack.length) {
      const id = stack.pop()!;
      if (out.includes(id)) continue;
      out.push(id);
      stack.push(...(this.children.get(id) ?? []));
    }
    return out;
  }

  /** Parameters as a rule sees them for an event of this org: nearest value wins. */
  paramsFor(orgId: string): Record<string, unknown> {
    let p = this.effective.get(orgId);
    if (!p) {
      p = {};
      for (const id of this.chain(orgId).reverse()) Object.assign(p, this.own.get(id));
      Object.freeze(p);
      if (this.effective.size > 100_000) this.effective.clear();
      this.effective.set(orgId, p);
    }
    return p;
  }

  /** For each effective parameter of an org, the org whose own value it is (the org itself or the nearest ancestor). */
  paramSources(orgId: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const id of this.chain(orgId)) for (const key of Object.keys(this.own.get(id) ?? {})) if (!(key in out)) out[key] = id;
    return out;
  }

  ownParams(orgId: string): Record<string, unknown> {
    return { ...(this.own.get(orgId) ?? {}) };
  }
}
