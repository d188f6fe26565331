import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNode, type TestNode } from './harness.ts';

const API_MD = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../docs/api.md');

/** The "Route and permission reference" of docs/api.md, one row per method and path. */
async function documentedRoutes(): Promise<Map<string, string>> {
  const text = await readFile(API_MD, 'utf8');
  const section = text.slice(text.indexOf('## Route and permission reference'));
  const rows = new Map<string, string>();
  for (const line of section.split('\n')) {
    const m = /^\| (GET|POST|PUT|PATCH|DELETE) \| (.+?) \| (.+?) \| .+\|$/.exec(line);
    if (!m) continue;
    for (const p of m[2]!.matchAll(/`([^`]+)`/g)) rows.set(`${m[1]} ${p[1]}`, m[3]!);
  }
  return rows;
}

describe('the route reference of docs/api.md', () => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startNode();
  });
  afterAll(() => node?.destroy());

  it('lists every route with the permission it really requires, and nothing else', async () => {
    const documented = await documentedRoutes();
    const registered = node.vigil.app.routeTable;
    const problems: string[] = [];
    const seen = new Set<string>();
    // A documented path ending in `*` stands for every route below it; the console's `/*` stands
    // only for itself, or it would document every GET route.
    const lookup = (key: string): [string, string] | undefined => {
      if (documented.has(key)) return [key, documented.get(key)!];
      return [...documented].find(([k]) => k.endsWith('*') && !k.endsWith(' /*') && key.startsWith(k.slice(0, -1)));
    };
    for (const r of registered) {
      const key = `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`;
      const found = lookup(key);
      if (found) seen.add(found[0]);
      const doc = found?.[1];
      if (doc === undefined) problems.push(`undocumented: ${key}`);
      else if (r.permission ? !doc.includes(`\`${r.permission}\``) : !/public|session/.test(doc)) problems.push(`${key}: documented as ${doc}, requires ${r.permission ?? 'public'}`);
    }
    // The OpenAPI routes belong to the documentation plugin, registered before the permission hook.
    for (const key of documented.keys()) {
      if (key.startsWith('GET /api/docs')) expect((await fetch(`${node.baseUrl}${key.slice(4)}`)).status, key).toBe(200);
      else if (!seen.has(key)) problems.push(`documented but not served: ${key}`);
    }
    expect(problems).toEqual([]);
    expect(registered.length).toBeGreaterThan(50);
  });
});
