import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@vigil/storage';
import { openPgliteDatabase } from '@vigil/storage';
import { GLOBAL_TABLES, ORG_OWNED_TABLES } from '../src/repos/scoped.ts';

/**
 * The guard that keeps org scoping from being forgotten: every org-owned table is reached only
 * through OrgData (which filters by the caller's orgs), and the unfiltered OrgData.system is used
 * only where the node acts for itself. Adding a query that bypasses this fails here.
 */

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src');
const ORG_OWNED = new Set<string>(ORG_OWNED_TABLES);

/** Where the node works for itself, not for a caller, and may use OrgData.system. */
const SYSTEM_ACCESS: Record<string, string> = {
  'repos/lists.ts': 'loads every list into the engine’s index',
  'repos/decisions.ts': 'decision logging, idempotency lookups and feature replay',
  'repos/api-keys.ts': 'authentication by key hash',
  'repos/audit.ts': 'appending to and verifying the whole chain',
  'repos/orgs.ts': 'loads every org’s parameters into the org directory',
  'repos/users.ts': 'usernames are unique across the platform',
  'runtime/inbox-worker.ts': 'drains every org’s accepted events',
  'scaleout/intake-handler.ts': 'parks any org’s async event taken from JetStream that cannot be decided',
  'scaleout/scale-out.ts': 'parks any org’s async event JetStream gives up on',
  'runtime/shadow-runner.ts': 'stores challenger results next to every org’s decisions',
  'runtime/backtest-jobs.ts': 'updates the progress of the jobs it runs (their reads use the creator’s scope)',
  'routes/users.ts': 'role ids are unique across the platform',
  'routes/auth.ts': 'the signed-in user reads their own record',
  'auth/sessions.ts': 'sign-in by username, lockout and the login log',
  'auth/bootstrap-admin.ts': 'creates the first admin key of the union',
  'demo/seed.ts': 'seeds every org of the demo',
  'runtime/feature-persistence.ts': 'replays every org’s decisions and feedback into the feature store',
  'routes/health.ts': 'inbox depth of the node',
  'repos/alert-config.ts': 'an org works under the alert queues and categories of the orgs above it',
  'runtime/alert-feed.ts': 'files the alerts of every org’s decisions',
  'runtime/alert-sla.ts': 'escalates every org’s overdue alerts',
  'repos/webhooks.ts': 'the webhook publisher matches and queues every org’s events; the delivery worker sends every org’s deliveries',
  'repos/alert-actions.ts': 'the action dispatcher claims and records every org’s queued alert actions',
  'runtime/action-dispatcher.ts': 'the action dispatcher reads the channel of any org’s action it sends',
  'runtime/model-monitoring.ts': 'the scheduled job reads every model with monitoring on, and files and stores each run in the model’s own org',
  'runtime/alert-actions.ts': 'auto-send reads a newly opened alert by id for the node; a list write checks which org holds the value so it never changes another bank’s entry',
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

const QUERY_METHODS = new Set(['selectFrom', 'updateTable', 'deleteFrom', 'insertInto', 'innerJoin', 'leftJoin', 'rightJoin', 'fullJoin']);
const RAW_SQL = /\b(?:from|into|update|join)\s+("?)(\w+)\1/gi;

interface Finding {
  file: string;
  line: number;
  text: string;
}

function marked(sf: ts.SourceFile, node: ts.Node): boolean {
  // An explicit `// system-scope: <reason>` on one of the two lines above the call (for a
  // chained call, above the method name: `.innerJoin(…)` on its own line).
  const at = ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) ? node.expression.name : node;
  const line = sf.getLineAndCharacterOfPosition(at.getStart(sf)).line;
  const lines = sf.text.split('\n');
  return [line - 1, line - 2, line].some((l) => l >= 0 && /\/\/ system-scope: \S/.test(lines[l] ?? ''));
}

function analyse(): { bypasses: Finding[]; systemUses: Finding[] } {
  const files = sourceFiles(SRC);
  const program = ts.createProgram(files, { target: ts.ScriptTarget.ES2023, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, allowImportingTsExtensions: true, noEmit: true, strict: true, skipLibCheck: true, types: ['node'] });
  const checker = program.getTypeChecker();
  const bypasses: Finding[] = [];
  const systemUses: Finding[] = [];
  for (const file of files) {
    const rel = path.relative(SRC, file).split(path.sep).join('/');
    if (rel === 'repos/scoped.ts') continue;
    const sf = program.getSourceFile(file)!;
    const at = (n: ts.Node): Finding => {
      const pos = ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) ? n.expression.name : n;
      return { file: rel, line: sf.getLineAndCharacterOfPosition(pos.getStart(sf)).line + 1, text: pos.parent.getText(sf).split('\n').pop()!.trim().slice(0, 120) };
    };
    const visit = (n: ts.Node): void => {
      if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression)) {
        const method = n.expression.name.text;
        const first = n.arguments[0];
        if (QUERY_METHODS.has(method) && first && ts.isStringLiteralLike(first)) {
          const table = first.text.split(/\s+as\s+/)[0]!;
          if (ORG_OWNED.has(table)) {
            const receiver = checker.getTypeAtLocation(n.expression.expression);
            const viaOrgData = !method.endsWith('Join') && receiver.getSymbol()?.getName() === 'OrgData';
            // A join is not filtered by OrgData (only the table the query starts from is), so
            // joining an org-owned table always needs the marker and its reason.
            if (!viaOrgData && !marked(sf, n)) bypasses.push(at(n));
          }
        }
        if (method === 'system' && ts.isIdentifier(n.expression.expression) && n.expression.expression.text === 'OrgData') systemUses.push(at(n));
      }
      if (ts.isTaggedTemplateExpression(n) && n.tag.getText(sf) === 'sql') {
        const text = n.template.getText(sf);
        for (const m of text.matchAll(RAW_SQL)) {
          if (ORG_OWNED.has(m[2]!) && !marked(sf, n)) bypasses.push(at(n));
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return { bypasses, systemUses };
}

describe('org scoping cannot be bypassed', () => {
  const result = analyse();

  it('reaches org-owned tables only through OrgData (or a marked system statement)', () => {
    expect(result.bypasses).toEqual([]);
  });

  it('uses the unfiltered OrgData.system only where the node acts for itself', () => {
    const outside = result.systemUses.filter((u) => !(u.file in SYSTEM_ACCESS));
    expect(outside).toEqual([]);
    // The allowance list stays honest: every file on it still needs it.
    const used = new Set(result.systemUses.map((u) => u.file));
    expect(Object.keys(SYSTEM_ACCESS).filter((f) => !used.has(f))).toEqual([]);
  });

  it('finds a bypass when one is written (the guard is not blind)', () => {
    const sf = ts.createSourceFile('x.ts', "const r = db.selectFrom('lists').selectAll();", ts.ScriptTarget.ES2023, true);
    let found = false;
    const visit = (n: ts.Node): void => {
      if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && QUERY_METHODS.has(n.expression.name.text)) found = !marked(sf, n);
      ts.forEachChild(n, visit);
    };
    visit(sf);
    expect(found).toBe(true);
    expect([...'insert into decisions (a) select 1'.matchAll(RAW_SQL)].map((m) => m[2])).toContain('decisions');
  });
});

describe('every table is classified as org-owned or global', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openPgliteDatabase('memory://');
  });
  afterAll(() => db.close());

  it('matches the migrated schema', async () => {
    const { rows } = await sql<{ table_name: string; has_org: boolean }>`
      select table_name, bool_or(column_name = 'org_id') as has_org
      from information_schema.columns where table_schema = 'public' and table_name not like 'kysely_%'
      group by table_name order by table_name`.execute(db.db);
    const withOrg = rows.filter((r) => r.has_org).map((r) => r.table_name);
    expect(withOrg.sort()).toEqual([...ORG_OWNED_TABLES].sort());
    const classified = new Set([...ORG_OWNED_TABLES, ...Object.keys(GLOBAL_TABLES)]);
    expect(rows.map((r) => r.table_name).filter((t) => !classified.has(t))).toEqual([]);
  });
});
