/**
 * `npm run bench`: measures on this machine, in one run, the engine's in-process throughput on the
 * default card_auth pack, compiled CEL against the cel-js interpreter, the event-loop stall
 * while the decision log is flushed to PGlite (and, with VIGIL_BENCH_PG_URL naming a PostgreSQL
 * server, to PostgreSQL), and feature memory per card. Writes
 * bench/results/latest.json and latest.md. Speed is reported here, never asserted in tests.
 */
import { execSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import autocannon from 'autocannon';
import os from 'node:os';
import path from 'node:path';
import { benchmarkCel } from '@vigil/cel';
import { measureFlushStall, sql } from '@vigil/storage';
import pgClient from 'pg';
import { createVigil, createLogger, loadConfig, seedDemo } from '@vigil/server';
import { backtestWorkload, engineWorkload, events } from './card-workload.ts';
import { modelStageCost } from './model-stage.ts';
import { clusterFigures, clusterServicesUp } from './cluster.ts';

async function engineThroughput(n: number, cards: number) {
  const w = await engineWorkload(n, cards);
  const t0 = performance.now();
  await w.run();
  const secs = (performance.now() - t0) / 1000;
  const stats = w.features.stats();
  return { eventsPerSec: Math.round(n / secs), featureKeys: stats.keys, bytesPerCard: Math.round(stats.approxBytes / cards) };
}

/**
 * Backtest throughput: the default card_auth pack replayed over `n` historical events (card numbers
 * already tokens, as in the decision log) with point-in-time features built from scratch.
 */
async function backtestThroughput(n: number, cards: number) {
  const replay = backtestWorkload(n, cards);
  const t0 = performance.now();
  await replay();
  const secs = (performance.now() - t0) / 1000;
  return { events: n, seconds: Math.round(secs * 10) / 10, eventsPerSec: Math.round(n / secs) };
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * HTTP figures against a real server process (the demo workspace, default sync durability) with
 * autocannon in this process: the most decisions/s and the most trivial requests/s (`/healthz`)
 * the server answers, their ratio, and the decision latency at 70 % of the most decisions/s.
 */
async function httpFigures(seconds: number) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'vigil-bench-http-'));
  const port = await freePort();
  const server = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, '../packages/server/src/main.ts')], {
    env: { ...process.env, VIGIL_DATA_DIR: dataDir, VIGIL_PORT: String(port), VIGIL_LOG_LEVEL: 'warn', VIGIL_DEMO: '1', VIGIL_DEMO_RATE: '0' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; ; i++) {
      const ok = await fetch(`${base}/readyz`).then((r) => r.ok).catch(() => false);
      // The demo seed runs once the server listens: its credentials file says it is done.
      if (ok && existsSync(path.join(dataDir, 'demo-credentials.json'))) break;
      if (i > 600) throw new Error('the server did not become ready');
      await new Promise((r) => setTimeout(r, 100));
    }
    const key = JSON.parse(readFileSync(path.join(dataDir, 'demo-credentials.json'), 'utf8')).apiKey as string;
    const evs = [...events(50_000, 20_000)];
    let n = 0;
    const decisionRequest = {
      method: 'POST' as const,
      path: '/api/v1/decisions',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      // A new event every time: a repeated id would be answered from the idempotency cache.
      setupRequest: (req: Record<string, unknown>) => ({ ...req, body: JSON.stringify({ eventType: 'card_auth', eventId: `http-${process.pid}-${n++}`, data: evs[n % evs.length]!.data }) }),
    };
    const run = (opts: Record<string, unknown>) => autocannon({ url: base, connections: 32, duration: seconds, ...opts }) as unknown as Promise<{ requests: { average: number; total: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number }>;
    await run({ duration: Math.max(2, Math.round(seconds / 3)), requests: [decisionRequest] }); // warm-up
    const trivial = await run({ path: '/healthz' });
    const decisions = await run({ requests: [decisionRequest] });
    const target = Math.max(1, Math.floor(decisions.requests.average * 0.7));
    const steady = await run({ requests: [decisionRequest], overallRate: target });
    return {
      trivialPerSec: Math.round(trivial.requests.average),
      decisionPerSec: Math.round(decisions.requests.average),
      ratio: Math.round((decisions.requests.average / trivial.requests.average) * 100) / 100,
      p50: steady.latency.p50,
      p99: steady.latency.p99,
      steadyRate: target,
      errors: decisions.non2xx + decisions.errors + steady.non2xx + steady.errors,
    };
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

/**
 * Decision latency through the full service (validation, idempotency, engine, group commit to
 * PGlite in its worker) at a steady offered rate, so the log is being flushed the whole time.
 */
async function latencyWhileFlushing(durability: 'sync' | 'async', ratePerSec: number, seconds: number, env: Record<string, string> = {}) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'vigil-bench-'));
  const config = { ...loadConfig({ VIGIL_DATA_DIR: dataDir, VIGIL_DURABILITY: durability, VIGIL_LOG_LEVEL: 'warn', ...env }), demo: true };
  const vigil = await createVigil(config, createLogger('warn'));
  try {
    const creds = (await seedDemo(vigil.services, 0))!;
    const principal = await vigil.services.auth.authenticate(`Bearer ${creds.apiKey}`);
    const evs = [...events(ratePerSec * seconds + 2000, 20_000)];
    let i = 0;
    const decideOne = () => {
      const e = evs[i]!;
      const id = `lat-${i++}`;
      const t0 = performance.now();
      return vigil.services.decisions.decide(principal, { eventType: 'card_auth', eventId: id, data: e.data }, 'en').then(() => performance.now() - t0);
    };
    for (let w = 0; w < 2000; w++) await decideOne();
    const latencies: number[] = [];
    const pending: Promise<void>[] = [];
    const flushesBefore = vigil.services.writer.stats.flushes;
    const start = performance.now();
    const total = ratePerSec * seconds;
    let sent = 0;
    await new Promise<void>((resolve) => {
      const tick = setInterval(() => {
        const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * ratePerSec));
        while (sent < due) {
          sent++;
          pending.push(decideOne().then((ms) => void latencies.push(ms)));
        }
        if (sent >= total) {
          clearInterval(tick);
          resolve();
        }
      }, 1);
    });
    await Promise.all(pending);
    const elapsed = (performance.now() - start) / 1000;
    latencies.sort((a, b) => a - b);
    return {
      p50: percentile(latencies, 0.5),
      p99: percentile(latencies, 0.99),
      max: latencies[latencies.length - 1]!,
      achieved: Math.round(latencies.length / elapsed),
      flushes: vigil.services.writer.stats.flushes - flushesBefore,
    };
  } finally {
    await vigil.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The decision service without HTTP, as the server runs it (sync durability, PGlite in its
 * worker): 32 callers deciding back to back for `seconds`. Reports decisions/s, the CPU time of
 * the whole process per decision (steadier than wall-clock figures on a shared machine) and the
 * bytes the decision log takes per decision (table, TOAST and indexes).
 */
async function serviceThroughput(seconds: number) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'vigil-bench-svc-'));
  const config = { ...loadConfig({ VIGIL_DATA_DIR: dataDir, VIGIL_DURABILITY: 'sync', VIGIL_LOG_LEVEL: 'warn' }), demo: true };
  const vigil = await createVigil(config, createLogger('warn'));
  try {
    const creds = (await seedDemo(vigil.services, 0))!;
    const principal = await vigil.services.auth.authenticate(`Bearer ${creds.apiKey}`);
    const evs = [...events(100_000, 20_000)];
    let i = 0;
    const runFor = async (ms: number) => {
      const end = performance.now() + ms;
      let n = 0;
      await Promise.all(
        Array.from({ length: 32 }, async () => {
          while (performance.now() < end) {
            const e = evs[i % evs.length]!;
            await vigil.services.decisions.decide(principal, { eventType: 'card_auth', eventId: `svc-${i++}`, data: e.data }, 'en');
            n++;
          }
        }),
      );
      return n;
    };
    await runFor(2000);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const n = await runFor(seconds * 1000);
    const secs = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    await vigil.services.writer.flush();
    const size = await sql<{ bytes: string; rows: string }>`select pg_total_relation_size('decisions') as bytes, count(*) as rows from decisions`.execute(vigil.database.db);
    const { bytes, rows } = size.rows[0]!;
    return { perSec: Math.round(n / secs), cpuMicrosPerDecision: Math.round((cpu.user + cpu.system) / n), bytesPerDecision: Math.round(Number(bytes) / Number(rows)) };
  } finally {
    await vigil.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  const quick = process.argv.includes('--quick');
  const commit = (() => {
    try {
      return execSync('git rev-parse --short HEAD').toString().trim();
    } catch {
      return 'unknown';
    }
  })();
  process.stdout.write(`engine throughput (default card_auth pack, one core)${quick ? ', quick' : ''}…\n`);
  const engine = await engineThroughput(quick ? 50_000 : 200_000, quick ? 10_000 : 20_000);
  const backtestEvents = Number(process.env.BENCH_BACKTEST_EVENTS ?? (quick ? 100_000 : 1_000_000));
  process.stdout.write(`backtest of ${backtestEvents.toLocaleString('en-US')} events (default card_auth pack, point-in-time features)…\n`);
  const backtest = await backtestThroughput(backtestEvents, quick ? 20_000 : 100_000);
  process.stdout.write('model stage cost inside the engine (German credit scorecard, 100-tree ensemble)…\n');
  const models = modelStageCost(quick ? 20_000 : 100_000);
  process.stdout.write('compiled CEL vs interpreter…\n');
  const cel = benchmarkCel(20_000);
  process.stdout.write('HTTP: decisions and a trivial endpoint against a real server process (autocannon)…\n');
  const http = await httpFigures(quick ? 4 : 10);
  process.stdout.write('decision service without HTTP (PGlite, sync durability, 32 callers)…\n');
  const service = await serviceThroughput(quick ? 4 : 10);
  const extra: Array<{ name: string; value: number; unit: string; target: string }> = [
    { name: 'in-process decisions/s, sync log on PGlite, 32 callers', value: service.perSec, unit: 'decisions/s', target: '' },
    { name: 'in-process CPU per decision, sync log on PGlite (all threads)', value: service.cpuMicrosPerDecision, unit: 'µs', target: '' },
    { name: 'decision-log bytes per decision (table, TOAST and indexes)', value: service.bytesPerDecision, unit: 'bytes', target: '' },
  ];
  if (!quick) {
    process.stdout.write('decision-log flush stall (PGlite worker)…\n');
    const stall = await measureFlushStall();
    process.stdout.write('decision latency while the log is flushed (PGlite, sync durability)…\n');
    const rate = Number(process.env.BENCH_RATE ?? 1000);
    const sync = await latencyWhileFlushing('sync', rate, 10);
    process.stdout.write('decision latency while the log is flushed (PGlite, async durability)…\n');
    const async_ = await latencyWhileFlushing('async', rate, 10);
    process.stdout.write('decision latency with no log write during the run (baseline)…\n');
    // One batch larger than the whole run and the longest interval: nothing is written until the end.
    const quiet = await latencyWhileFlushing('async', rate, 10, { VIGIL_FLUSH_BATCH_SIZE: '50000', VIGIL_FLUSH_INTERVAL_MS: '60000' });
    extra.push(
      { name: 'event-loop stall during log flush, p99', value: Math.round(stall.p99Ms * 10) / 10, unit: 'ms', target: 'flat' },
      { name: 'event-loop stall during log flush, max', value: Math.round(stall.maxMs * 10) / 10, unit: 'ms', target: '' },
      { name: `in-process decision latency p50, sync log, ${rate}/s offered`, value: Math.round(sync.p50 * 100) / 100, unit: 'ms', target: '' },
      { name: `in-process decision latency p99, sync log, ${rate}/s offered`, value: Math.round(sync.p99 * 100) / 100, unit: 'ms', target: '' },
      { name: `in-process decision latency p99, async log, ${rate}/s offered`, value: Math.round(async_.p99 * 100) / 100, unit: 'ms', target: '' },
      { name: `in-process decision latency p99, no log write, ${rate}/s offered`, value: Math.round(quiet.p99 * 100) / 100, unit: 'ms', target: '' },
    );
    // The same sync run on a PostgreSQL server when one is named: a scratch database is created on
    // it for the run and dropped afterwards.
    const pgServer = process.env.VIGIL_BENCH_PG_URL;
    if (pgServer) {
      process.stdout.write('decision latency while the log is flushed (PostgreSQL, sync durability)…\n');
      const name = `vigil_bench_${process.pid}`;
      const admin = new pgClient.Client({ connectionString: pgServer });
      await admin.connect();
      await admin.query(`create database ${name}`);
      try {
        const url = new URL(pgServer);
        url.pathname = `/${name}`;
        const pg = await latencyWhileFlushing('sync', rate, 10, { VIGIL_DATABASE_URL: url.toString() });
        extra.push(
          { name: `in-process decision latency p50, sync log on PostgreSQL, ${rate}/s offered`, value: Math.round(pg.p50 * 100) / 100, unit: 'ms', target: '' },
          { name: `in-process decision latency p99, sync log on PostgreSQL, ${rate}/s offered`, value: Math.round(pg.p99 * 100) / 100, unit: 'ms', target: '' },
        );
      } finally {
        await admin.query(`drop database ${name} with (force)`);
        await admin.end();
      }
    }
  }
  // Scale-out: one and two engine processes on PostgreSQL, Redis and NATS JetStream, when they answer.
  if (await clusterServicesUp()) {
    process.stdout.write('scale-out: one node, then two, on PostgreSQL + Redis + NATS JetStream (autocannon)…\n');
    const c = await clusterFigures(quick ? 4 : 10);
    extra.push(
      { name: 'scale-out decisions/s (most, 32 connections), one node', value: c.oneNode.max.perSec, unit: 'decisions/s', target: '' },
      { name: 'scale-out decisions/s (most, 32 connections), two nodes', value: c.twoNodes.max.perSec, unit: 'decisions/s', target: '' },
      { name: `scale-out latency p50 at ${c.steadyRate}/s, one node`, value: c.oneNode.steady.p50, unit: 'ms', target: '' },
      { name: `scale-out latency p99 at ${c.steadyRate}/s, one node`, value: c.oneNode.steady.p99, unit: 'ms', target: '' },
      { name: `scale-out latency p50 at ${c.steadyRate}/s, two nodes`, value: c.twoNodes.steady.p50, unit: 'ms', target: '' },
      { name: `scale-out latency p99 at ${c.steadyRate}/s, two nodes`, value: c.twoNodes.steady.p99, unit: 'ms', target: '' },
    );
  } else process.stdout.write('scale-out figures skipped: PostgreSQL, Redis or NATS did not answer\n');
  const figures = {
    engine_events_per_sec_per_core: engine.eventsPerSec,
    compiled_vs_interpreter_speedup: Math.round(cel.speedup * 10) / 10,
    http_decision_ratio: http.ratio,
    http_decision_per_sec: http.decisionPerSec,
    http_trivial_per_sec: http.trivialPerSec,
    http_p50_ms: http.p50,
    http_p99_ms: http.p99,
    backtest_events_per_sec: backtest.eventsPerSec,
    feature_bytes_per_card: engine.bytesPerCard,
  };
  const rows = [
    { name: 'engine events/s per core (default card_auth pack)', value: figures.engine_events_per_sec_per_core, unit: 'events/s', target: '≥ 50,000' },
    { name: 'compiled rules vs interpreter', value: figures.compiled_vs_interpreter_speedup, unit: '×', target: '≥ 20×' },
    { name: 'HTTP decision ratio (decisions/s ÷ trivial requests/s)', value: figures.http_decision_ratio, unit: '', target: '≥ 0.5' },
    { name: 'HTTP decisions/s (most, 32 connections)', value: figures.http_decision_per_sec, unit: 'req/s', target: '' },
    { name: 'HTTP trivial requests/s (GET /healthz)', value: figures.http_trivial_per_sec, unit: 'req/s', target: '' },
    { name: `HTTP decision latency p50 at 70 % of the most (${http.steadyRate}/s)`, value: figures.http_p50_ms, unit: 'ms', target: '' },
    { name: `HTTP decision latency p99 at 70 % of the most (${http.steadyRate}/s)`, value: figures.http_p99_ms, unit: 'ms', target: '< 5 ms' },
    { name: `backtest events/s (${backtest.events.toLocaleString('en-US')} events, ${backtest.seconds} s, one core)`, value: figures.backtest_events_per_sec, unit: 'events/s', target: '≥ 100,000' },
    { name: 'feature state per active card', value: figures.feature_bytes_per_card, unit: 'bytes', target: 'reported' },
    ...(models
      ? [
          { name: 'model stage per event: German credit scorecard (10 characteristics, reason codes)', value: models.scorecardMicros, unit: 'µs', target: 'µs' },
          { name: 'model stage per event: tree ensemble (100 trees, depth 6)', value: models.treeEnsembleMicros, unit: 'µs', target: 'µs' },
        ]
      : []),
    ...extra,
  ];
  const result = {
    commit,
    date: new Date().toISOString(),
    quick,
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    figures,
    extra: Object.fromEntries(extra.map((e) => [e.name, e.value])),
    httpErrors: http.errors,
  };
  const dir = path.join(import.meta.dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'latest.json'), JSON.stringify(result, null, 2) + '\n');
  const md = ['| figure | value | target |', '|---|---|---|', ...rows.map((f) => `| ${f.name} | ${f.value.toLocaleString('en-US')} ${f.unit} | ${f.target} |`)].join('\n');
  writeFileSync(path.join(dir, 'latest.md'), `# Benchmark ${result.date} (${commit}${quick ? ', quick' : ''}, ${result.machine.cpus} cores, Node ${process.version})\n\n${md}\n`);
  process.stdout.write('\n' + md + '\n');
}

await main();
