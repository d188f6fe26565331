import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from './config.ts';

import { MODELING_USAGE } from '@vigil/modeling/cli';

const USAGE = `usage: vigil <command>

  strategy import <package.json|.yaml> [--note "change note"]
                                   import a strategy package as a new draft version
  strategy submit <id> <version> [--note "…"]
                                   run the version's test cases and submit it for approval
  strategy approve <id> <version> --note "…"
  strategy reject <id> <version> --note "…"
                                   review a submitted version (not your own)
  strategy deploy <id> <version> --mode live|shadow|canary --reason "why"
                  [--percent N --key field | --orgs a,b] [--at ISO-time]
                                   deploy an approved version (hot reload on every node)
  strategy withdraw <id> <version> --reason "why"
                                   end a shadow or canary run, cancel scheduled deployments
  strategy rollback <event type> [--direction in|post] --reason "why"
                                   restore the previous live version
  strategy diff <id> <from> <to> [--lang zh]
                                   what changed between two versions
  strategy export <id> <version> [--yaml]
                                   the version's document, as imported
  strategy list                    list strategies with their live and latest versions
  backtest run <id> <version> --from ISO --to ISO [--orgs a,b] [--warmup-days N] [--wait]
                                   backtest a version over the decision log of a time range
  backtest upload <id> <version> <events.ndjson|.csv> [--wait]
                                   backtest a version over a file of events
  backtest status <backtest id>    progress, and the report when done
  backtest cancel <backtest id>
  backtest compare <id> <id> […]   finished backtests side by side
  labels import <labels.csv|.ndjson>
                                   import fraud / genuine labels (eventType,eventId,org,label,amount)
  audit verify                     recompute the audit log's hash chain; exit 1 naming the first broken entry
  simulate [--seed N --customers N --days N --out dir/]
                                   generate the synthetic bank world: events.ndjson, labels.csv, fraud-reports.csv
  simulate stream --url … --key … --rate N [--time-mode now]
                                   stream simulated traffic into a running server
  packs evaluate [--seed N --customers N --days N --warmup-days N --fraud-rate X --rules --json]
                                   measure the default strategy packs on a simulated world: recall per
                                   fraud typology (events and amount), friction on legitimate traffic
  packs import                     import every default pack (packages/server/packs) as a new draft version
  health                           check the server
${MODELING_USAGE}
  model register <model id> <file> --format vigil|xgboost_json|lightgbm_text|decision_tree [--features a,b] [--note …]
                                   register a new version of a model in the registry

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

async function call(method: string, url: string, body?: unknown, contentType = 'application/json'): Promise<unknown> {
  const base = process.env.VIGIL_URL ?? `http://127.0.0.1:${loadConfig().port}`;
  const res = await fetch(base + url, {
    method,
    headers: { authorization: `Bearer ${await adminKey()}`, ...(body !== undefined ? { 'content-type': contentType } : {}) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    if (res.ok) return text;
  }
  if (!res.ok) {
    const e = json?.error;
    const details = (e?.details ?? []).map((d: { path: string; message: string }) => `\n  ${d.path}: ${d.message}`).join('');
    throw new Error(`${res.status} ${e?.code ?? ''} ${e?.message ?? text}${details}`);
  }
  return json;
}

function print(r: unknown): void {
  process.stdout.write(JSON.stringify(r) + '\n');
}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

export async function runCli(args: string[]): Promise<number> {
  const [cmd, sub, ...rest] = args;
  // The synthetic bank world: files of labelled events, or a live stream into a server.
  if (cmd === 'simulate') return (await import('@vigil/simulator')).runSimulateCommand(sub === 'stream' || sub === 'measure' || sub === 'help' ? args.slice(1) : ['simulate', ...args.slice(1)]);
  if (cmd === 'packs' && sub === 'evaluate') return packsEvaluate(rest);
  // Modelling on files: no server needed.
  if ((cmd === 'scorecard' && (sub === 'fit' || sub === 'score')) || cmd === 'psi') return (await import('@vigil/modeling/cli')).runModelingCli(args);
  if (cmd === 'model' && sub === 'register' && rest[0] && rest[1]) {
    const format = flag(rest, '--format') ?? 'vigil';
    const text = await readFile(path.resolve(process.env.INIT_CWD ?? process.cwd(), rest[1]), 'utf8');
    const features = flag(rest, '--features')?.split(',').map((f) => f.trim()).filter(Boolean);
    const body = { format, content: format === 'lightgbm_text' ? text : JSON.parse(text), note: flag(rest, '--note') ?? '', ...(features ? { features } : {}) };
    const r = (await call('POST', `/api/v1/models/${encodeURIComponent(rest[0])}/versions`, body)) as { version: number; status: string; kind: string; features: string[] };
    print({ model: rest[0], version: r.version, status: r.status, kind: r.kind, features: r.features.length });
    return 0;
  }
  if (cmd === 'packs' && sub === 'import') {
    const { PACK_FILES, readPackText } = await import('./demo/packs.ts');
    for (const et of Object.keys(PACK_FILES) as Array<keyof typeof PACK_FILES>) {
      const r = (await call('POST', '/api/v1/strategies/import?changeNote=default%20pack', readPackText(et), 'application/yaml')) as { id: string; version: number };
      print({ file: PACK_FILES[et], id: r.id, version: r.version, status: 'draft' });
    }
    return 0;
  }
  if (cmd === 'health') {
    const base = process.env.VIGIL_URL ?? `http://127.0.0.1:${loadConfig().port}`;
    const res = await fetch(`${base}/readyz`);
    process.stdout.write(`${res.status} ${await res.text()}\n`);
    return res.ok ? 0 : 1;
  }
  if (cmd === 'strategy' && sub === 'import' && rest[0]) {
    // npm run changes the working directory to the repository; INIT_CWD is where the user was.
    const file = path.resolve(process.env.INIT_CWD ?? process.cwd(), rest[0]);
    const text = await readFile(file, 'utf8');
    const note = flag(rest, '--note') ?? '';
    const r = /\.ya?ml$/i.test(file)
      ? await call('POST', `/api/v1/strategies/import?changeNote=${encodeURIComponent(note)}`, text, 'application/yaml')
      : await call('POST', '/api/v1/strategies/import', { package: JSON.parse(text), changeNote: note });
    print(r);
    return 0;
  }
  const version = (id?: string, v?: string) => {
    if (!id || !v || !/^\d+$/.test(v)) throw new Error(`usage: vigil strategy ${sub} <id> <version> …`);
    return `/api/v1/strategies/${encodeURIComponent(id)}/versions/${Number(v)}`;
  };
  if (cmd === 'strategy' && sub === 'submit') {
    print(await call('POST', `${version(rest[0], rest[1])}/submit`, { note: flag(rest, '--note') ?? '' }));
    return 0;
  }
  if (cmd === 'strategy' && (sub === 'approve' || sub === 'reject')) {
    const note = flag(rest, '--note');
    if (!note) throw new Error('--note is required');
    print(await call('POST', `${version(rest[0], rest[1])}/${sub}`, { note }));
    return 0;
  }
  if (cmd === 'strategy' && (sub === 'deploy' || sub === 'activate')) {
    const reason = flag(rest, '--reason');
    if (!reason) throw new Error('--reason is required');
    const mode = sub === 'activate' ? 'live' : (flag(rest, '--mode') ?? 'live');
    const percent = flag(rest, '--percent');
    const orgs = flag(rest, '--orgs');
    const canary = percent ? { percent: Number(percent), key: flag(rest, '--key') ?? 'customer_id' } : orgs ? { orgs: orgs.split(',') } : undefined;
    const at = flag(rest, '--at');
    print(await call('POST', `${version(rest[0], rest[1])}/deploy`, { mode, reason, ...(canary ? { canary } : {}), ...(at ? { at } : {}) }));
    return 0;
  }
  if (cmd === 'strategy' && sub === 'withdraw') {
    const reason = flag(rest, '--reason');
    if (!reason) throw new Error('--reason is required');
    print(await call('POST', `${version(rest[0], rest[1])}/withdraw`, { reason }));
    return 0;
  }
  if (cmd === 'strategy' && sub === 'rollback' && rest[0]) {
    const reason = flag(rest, '--reason');
    if (!reason) throw new Error('--reason is required');
    print(await call('POST', '/api/v1/deployments/rollback', { eventType: rest[0], direction: flag(rest, '--direction') ?? 'in', reason }));
    return 0;
  }
  if (cmd === 'strategy' && sub === 'diff' && rest[0] && rest[1] && rest[2]) {
    const r = (await call('GET', `/api/v1/strategies/${encodeURIComponent(rest[0])}/diff?from=${Number(rest[1])}&to=${Number(rest[2])}&lang=${flag(rest, '--lang') ?? 'en'}`)) as { text: string };
    process.stdout.write(r.text.endsWith('\n') ? r.text : r.text + '\n');
    return 0;
  }
  if (cmd === 'strategy' && sub === 'export') {
    const yaml = rest.includes('--yaml');
    const r = await call('GET', `${version(rest[0], rest[1])}/export?format=${yaml ? 'yaml' : 'json'}`);
    process.stdout.write(typeof r === 'string' ? r : JSON.stringify(r, null, 2) + '\n');
    return 0;
  }
  if (cmd === 'backtest' && (sub === 'run' || sub === 'upload') && rest[0] && rest[1]) {
    let r: { id: string };
    if (sub === 'run') {
      const from = flag(rest, '--from');
      const to = flag(rest, '--to');
      if (!from || !to) throw new Error('--from and --to are required');
      const orgs = flag(rest, '--orgs');
      const warmup = flag(rest, '--warmup-days');
      r = (await call('POST', '/api/v1/backtests', { strategyId: rest[0], version: Number(rest[1]), from, to, ...(orgs ? { orgs: orgs.split(',') } : {}), ...(warmup ? { warmupDays: Number(warmup) } : {}) })) as { id: string };
    } else {
      if (!rest[2]) throw new Error('usage: vigil backtest upload <id> <version> <file>');
      const file = path.resolve(process.env.INIT_CWD ?? process.cwd(), rest[2]);
      const type = /\.csv$/i.test(file) ? 'text/csv' : 'application/x-ndjson';
      r = (await call('POST', `/api/v1/backtests/upload?strategyId=${encodeURIComponent(rest[0])}&version=${Number(rest[1])}`, await readFile(file, 'utf8'), type)) as { id: string };
    }
    print(r);
    if (!rest.includes('--wait')) return 0;
    for (;;) {
      const job = (await call('GET', `/api/v1/backtests/${r.id}`)) as { status: string; progress: { processed: number; total: number | null } };
      if (!['queued', 'running'].includes(job.status)) {
        print(job);
        return job.status === 'done' ? 0 : 1;
      }
      process.stderr.write(`\r${job.status} ${job.progress.processed}/${job.progress.total ?? '?'}`);
      await new Promise((res) => setTimeout(res, 1000));
    }
  }
  if (cmd === 'backtest' && sub === 'status' && rest[0]) {
    print(await call('GET', `/api/v1/backtests/${encodeURIComponent(rest[0])}`));
    return 0;
  }
  if (cmd === 'backtest' && sub === 'cancel' && rest[0]) {
    print(await call('POST', `/api/v1/backtests/${encodeURIComponent(rest[0])}/cancel`));
    return 0;
  }
  if (cmd === 'backtest' && sub === 'compare' && rest.length >= 2) {
    print(await call('GET', `/api/v1/backtests/compare?ids=${rest.map(encodeURIComponent).join(',')}`));
    return 0;
  }
  if (cmd === 'labels' && sub === 'import' && rest[0]) {
    const file = path.resolve(process.env.INIT_CWD ?? process.cwd(), rest[0]);
    print(await call('POST', '/api/v1/labels', await readFile(file, 'utf8'), /\.csv$/i.test(file) ? 'text/csv' : 'application/x-ndjson'));
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

/** A whole-number (or decimal) flag within bounds, else a clear error naming it. */
function numberFlag(args: string[], name: string, def: number, min: number, max: number, integer = true): number {
  const raw = flag(args, name);
  if (raw === undefined) return def;
  const n = Number(raw);
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min || n > max) {
    throw new Error(`${name} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}, not ${JSON.stringify(raw)}`);
  }
  return n;
}

/** `vigil packs evaluate`: the default packs' quality table on a simulated world. */
async function packsEvaluate(args: string[]): Promise<number> {
  const { evaluatePacks, formatPackQuality, EVALUATION_SEED } = await import('./demo/pack-quality.ts');
  const days = numberFlag(args, '--days', 21, 2, 120);
  const options = {
    seed: numberFlag(args, '--seed', EVALUATION_SEED, 0, 2 ** 32 - 1),
    customers: numberFlag(args, '--customers', 10_000, 100, 2_000_000),
    days,
    warmupDays: numberFlag(args, '--warmup-days', Math.min(14, days - 1), 0, days - 1),
    fraudRate: numberFlag(args, '--fraud-rate', 4, 0, 100, false),
  };
  const report = await evaluatePacks(options);
  process.stdout.write(args.includes('--json') ? JSON.stringify(report, null, 2) + '\n' : formatPackQuality(report, { rules: args.includes('--rules') }));
  return 0;
}
