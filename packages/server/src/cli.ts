import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from './config.ts';

const USAGE = `usage: vigil <command>

  strategy import <package.json> [--activate] [--note "change note"]
                                   import a strategy package as a new version (and make it live)
  strategy activate <id> <version> --reason "why"
                                   make a stored version live (hot reload on every node)
  strategy list                    list strategies with their live and latest versions
  audit verify                     recompute the audit log's hash chain; exit 1 naming the first broken entry
  health                           check the server

The server is VIGIL_URL (default http://127.0.0.1:$VIGIL_PORT); the admin key is VIGIL_ADMIN_KEY,
or the adminKey of <VIGIL_DATA_DIR>/admin-credentials.json or demo-credentials.json.`;

async function adminKey(): Promise<string> {
  if (process.env.VIGIL_ADMIN_KEY) return process.env.VIGIL_ADMIN_KEY;
  const dir = loadConfig().dataDir;
  for (const name of ['admin-credentials.json', 'demo-credentials.json']) {
    try {
      return JSON.parse(await readFile(path.join(dir, name), 'utf8')).adminKey;
    } catch {
      // try the next file
    }
  }
  throw new Error(`no admin key: set VIGIL_ADMIN_KEY (no admin-credentials.json or demo-credentials.json in ${dir})`);
}

async function call(method: string, url: string, body?: unknown): Promise<unknown> {
  const base = process.env.VIGIL_URL ?? `http://127.0.0.1:${loadConfig().port}`;
  const res = await fetch(base + url, {
    method,
    headers: { authorization: `Bearer ${await adminKey()}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  const json = text ? JSON.parse(text) : null;
  if (!res.ok) {
    const e = json?.error;
    const details = (e?.details ?? []).map((d: { path: string; message: string }) => `\n  ${d.path}: ${d.message}`).join('');
    throw new Error(`${res.status} ${e?.code ?? ''} ${e?.message ?? text}${details}`);
  }
  return json;
}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

export async function runCli(args: string[]): Promise<number> {
  const [cmd, sub, ...rest] = args;
  if (cmd === 'health') {
    const base = process.env.VIGIL_URL ?? `http://127.0.0.1:${loadConfig().port}`;
    const res = await fetch(`${base}/readyz`);
    process.stdout.write(`${res.status} ${await res.text()}\n`);
    return res.ok ? 0 : 1;
  }
  if (cmd === 'strategy' && sub === 'import' && rest[0]) {
    // npm run changes the working directory to the repository; INIT_CWD is where the user was.
    const file = path.resolve(process.env.INIT_CWD ?? process.cwd(), rest[0]);
    const pkg = JSON.parse(await readFile(file, 'utf8'));
    const r = await call('POST', '/api/v1/strategies/import', { package: pkg, activate: rest.includes('--activate'), changeNote: flag(rest, '--note') ?? '' });
    process.stdout.write(JSON.stringify(r) + '\n');
    return 0;
  }
  if (cmd === 'strategy' && sub === 'activate' && rest[0] && rest[1]) {
    const reason = flag(rest, '--reason');
    if (!reason) throw new Error('--reason is required');
    const r = await call('POST', `/api/v1/strategies/${encodeURIComponent(rest[0])}/versions/${Number(rest[1])}/activate`, { reason });
    process.stdout.write(JSON.stringify(r) + '\n');
    return 0;
  }
  if (cmd === 'audit' && sub === 'verify') {
    const r = (await call('GET', '/api/v1/audit/verify')) as { ok: boolean; entries: number; brokenAt?: { id: number; problem: string } };
    process.stdout.write(r.ok ? `audit chain intact: ${r.entries} entries\n` : `audit chain BROKEN at entry ${r.brokenAt!.id}: ${r.brokenAt!.problem}\n`);
    return r.ok ? 0 : 1;
  }
  if (cmd === 'strategy' && sub === 'list') {
    process.stdout.write(JSON.stringify(await call('GET', '/api/v1/strategies'), null, 2) + '\n');
    return 0;
  }
  process.stderr.write(USAGE + '\n');
  return 2;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`error: ${(e as Error).message}\n`);
      process.exit(1);
    },
  );
}
