/**
 * `vigil simulate`: writes a simulated bank world to files, streams it into a running node, or
 * measures generation speed.
 *
 *   tsx packages/simulator/src/cli.ts simulate --seed 7 --customers 2000 --days 7 --out dir/
 *   tsx packages/simulator/src/cli.ts stream --url http://127.0.0.1:8080 --key <apiKey> --rate 5 --time-mode now
 *   tsx packages/simulator/src/cli.ts measure --events 2000000 --customers 100000
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { measureGeneration } from './measure.ts';
import { FILE_NAMES, writeSimulation } from './outputs.ts';
import { Simulation, type SimulationOptions } from './simulation.ts';
import { streamToServer, type StreamStats } from './stream.ts';
import { formatSummary } from './summary.ts';
import { cstDayStart, DAY } from './time.ts';
import { TYPOLOGIES, type Typology } from './types.ts';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

const defaultIo: CliIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

export const USAGE = `Usage:
  simulate [simulate] --out DIR [world options]
      Writes DIR/${FILE_NAMES.events} (bulk-intake lines), DIR/${FILE_NAMES.labels} (ground truth,
      one row per event) and DIR/${FILE_NAMES.reports} (delayed fraud reports), prints a summary.
  simulate stream --url URL (--key KEY | --credentials FILE | env VIGIL_API_KEY) [--rate 5]
      [--concurrency 16] [--time-mode simulated|now] [--endpoint decisions|events]
      [--duration SECONDS] [--events N] [world options]
      Sends events to POST /api/v1/decisions at the rate until stopped (Ctrl-C stops gracefully).
  simulate measure [--events 2000000] [--customers 100000] [--seed N]
      Generation speed in memory (no serialisation, no disk).

World options:
  --seed N            PRNG seed (default 1)
  --customers N       customers at the start (default 10000; stream: 2000)
  --days N            simulated days (default 7; stream: unbounded)
  --events N          stop after N events
  --start ISO|today   first instant (default 2026-11-02T00:00+08:00; 'today': midnight CST
                      --days before today; stream: now)
  --fraud-rate X      multiplier of every typology's incident rate (default 1, 0 = no fraud)
  --banks a,b         member bank org ids (default bank_a,bank_b)
  --branch-orgs       customers in a branch's city carry the branch org
  --typologies a,b    only these typologies (${TYPOLOGIES.join(', ')})
  --id-prefix P       event ids are P-<n> (default s<seed>; stream: s<seed>-<time>)
`;

const WORLD_OPTIONS = {
  seed: { type: 'string' },
  customers: { type: 'string' },
  days: { type: 'string' },
  events: { type: 'string' },
  start: { type: 'string' },
  'fraud-rate': { type: 'string' },
  banks: { type: 'string' },
  'branch-orgs': { type: 'boolean' },
  typologies: { type: 'string' },
  'id-prefix': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

class UsageError extends Error {}

function int(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v.replace(/_/g, ''));
  if (!Number.isSafeInteger(n) || n < 0) throw new UsageError(`--${name} must be a non-negative integer`);
  return n;
}

function num(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`--${name} must be a non-negative number`);
  return n;
}

function list(v: string | undefined): string[] | undefined {
  return v === undefined ? undefined : v.split(',').map((s) => s.trim()).filter(Boolean);
}

type WorldValues = { [K in keyof typeof WORLD_OPTIONS]?: (typeof WORLD_OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };

function worldOptions(v: WorldValues, defaults: { customers: number; start?: () => number; idPrefix?: (seed: number, start: number) => string }): SimulationOptions {
  const seed = int(v.seed, 'seed') ?? 1;
  const days = num(v.days, 'days');
  const events = int(v.events, 'events');
  let start: number | undefined;
  if (v.start === undefined) start = defaults.start?.();
  else if (v.start === 'today') start = cstDayStart(Date.now()) - Math.ceil(days ?? 7) * DAY;
  else {
    start = Date.parse(v.start);
    if (!Number.isFinite(start)) throw new UsageError('--start must be an ISO 8601 time or "today"');
  }
  const typologies = list(v.typologies);
  for (const t of typologies ?? []) if (!(TYPOLOGIES as readonly string[]).includes(t)) throw new UsageError(`unknown typology ${t}`);
  const o: SimulationOptions = { seed, customers: int(v.customers, 'customers') ?? defaults.customers };
  if (start !== undefined) o.start = start;
  if (days !== undefined) o.days = days;
  if (events !== undefined) o.events = events;
  const fraudRate = num(v['fraud-rate'], 'fraud-rate');
  if (fraudRate !== undefined) o.fraudRate = fraudRate;
  const banks = list(v.banks);
  if (banks) o.banks = banks;
  if (v['branch-orgs']) o.branchOrgs = true;
  if (typologies) o.typologies = typologies as Typology[];
  const prefix = v['id-prefix'] ?? defaults.idPrefix?.(seed, start ?? 0);
  if (prefix !== undefined) o.idPrefix = prefix;
  return o;
}

/**
 * Runs `simulate` with its arguments (what follows `vigil simulate`): file output by default, or
 * the `stream`, `measure` and `help` subcommands. Resolves to the process exit code.
 *
 * @example await runSimulateCommand(['--seed', '7', '--customers', '2000', '--days', '7', '--out', 'sim/'])
 */
export async function runSimulateCommand(argv: string[], io: CliIo = defaultIo): Promise<number> {
  const [first, ...rest] = argv;
  try {
    switch (first) {
      case 'simulate':
        return await simulateToFiles(rest, io);
      case 'stream':
        return await stream(rest, io);
      case 'measure':
        return measure(rest, io);
      case 'help':
      case undefined:
        io.out(USAGE);
        return first === undefined ? 2 : 0;
      default:
        return await simulateToFiles(argv, io);
    }
  } catch (e) {
    if (e instanceof UsageError || (e instanceof TypeError && (e as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS'))) {
      io.err(`${e.message}\n\n${USAGE}`);
      return 2;
    }
    if (e instanceof Error && /must be|unknown typology|bank /.test(e.message)) {
      io.err(`${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

async function simulateToFiles(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { ...WORLD_OPTIONS, out: { type: 'string', short: 'o' } }, strict: true, allowPositionals: false });
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  if (!values.out) throw new UsageError('--out DIR is required');
  const sim = new Simulation(worldOptions(values, { customers: 10_000 }));
  const o = sim.options;
  io.err(`simulating ${o.customers} customers from ${new Date(o.start).toISOString()} for ${Number.isFinite(o.days) ? o.days + ' days' : o.events + ' events'}, seed ${o.seed} → ${values.out}\n`);
  const summary = await writeSimulation(sim, values.out, { onProgress: (n) => io.err(`  ${n / 1e6}M events\n`) });
  io.out(formatSummary(summary) + '\n');
  io.out(`files: ${['events', 'labels', 'reports'].map((k) => path.join(values.out!, FILE_NAMES[k as keyof typeof FILE_NAMES])).join(', ')}\n`);
  return 0;
}

function readKey(credentials: string | undefined, key: string | undefined): string {
  if (key) return key;
  if (credentials) {
    const c = JSON.parse(readFileSync(credentials, 'utf8')) as { apiKey?: unknown };
    if (typeof c.apiKey !== 'string') throw new UsageError(`${credentials} has no apiKey`);
    return c.apiKey;
  }
  const env = process.env.VIGIL_API_KEY;
  if (env) return env;
  throw new UsageError('give --key, --credentials <data dir>/demo-credentials.json or VIGIL_API_KEY');
}

async function stream(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...WORLD_OPTIONS,
      url: { type: 'string' },
      key: { type: 'string' },
      credentials: { type: 'string' },
      rate: { type: 'string' },
      concurrency: { type: 'string' },
      'time-mode': { type: 'string' },
      endpoint: { type: 'string' },
      duration: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  if (!values.url) throw new UsageError('--url is required');
  const timeMode = values['time-mode'] ?? 'simulated';
  if (timeMode !== 'simulated' && timeMode !== 'now') throw new UsageError('--time-mode must be simulated or now');
  const endpoint = values.endpoint ?? 'decisions';
  if (endpoint !== 'decisions' && endpoint !== 'events') throw new UsageError('--endpoint must be decisions or events');
  const apiKey = readKey(values.credentials, values.key);
  const rate = num(values.rate, 'rate') ?? 5;
  if (!(rate > 0)) throw new UsageError('--rate must be positive');
  const now = Math.floor(Date.now() / 60_000) * 60_000;
  const world = worldOptions(values, {
    customers: 2000,
    start: () => now,
    // Each run gets its own ids: a rerun with other times must not collide with stored events.
    idPrefix: (seed) => `s${seed}-${Date.now().toString(36)}`,
  });
  if (world.days === undefined && world.events === undefined) world.days = Infinity;
  const sim = new Simulation(world);
  const ac = new AbortController();
  const stop = () => ac.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const duration = num(values.duration, 'duration');
  const timer = duration !== undefined ? setTimeout(stop, duration * 1000) : null;
  let done = 0;
  let ok = 0;
  const progress = setInterval(() => io.err(`  sent ${done}, ok ${ok}\n`), 10_000);
  io.err(`streaming ${sim.options.customers} customers (seed ${sim.options.seed}, ids ${sim.options.idPrefix}-…) to ${values.url} at ${rate}/s, ${timeMode} time; Ctrl-C stops\n`);
  let stats: StreamStats;
  try {
    stats = await streamToServer(sim.recordsAsync(), {
      url: values.url,
      apiKey,
      rate,
      concurrency: int(values.concurrency, 'concurrency') ?? 16,
      timeMode,
      endpoint,
      signal: ac.signal,
      onResult: (r) => {
        done++;
        if (r.status >= 200 && r.status < 300) ok++;
      },
    });
  } finally {
    clearInterval(progress);
    if (timer) clearTimeout(timer);
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
  io.out(formatStreamStats(stats) + '\n');
  return stats.sent > 0 && stats.succeeded === 0 ? 1 : 0;
}

export function formatStreamStats(s: StreamStats): string {
  const lines = [
    `sent ${s.sent} in ${(s.elapsedMs / 1000).toFixed(1)} s (${s.achievedRate}/s): ${s.succeeded} ok, ${s.rejected} refused, ${s.failed} failed, ${s.retries} retries`,
    `outcomes: ${Object.entries(s.outcomes).map(([k, v]) => `${k} ${v}`).join(', ') || '-'}`,
  ];
  if (Object.keys(s.errors).length) lines.push(`errors: ${Object.entries(s.errors).map(([k, v]) => `${k} ×${v}`).join(', ')}`);
  for (const e of s.errorSamples) lines.push(`  ${e}`);
  return lines.join('\n');
}

function measure(argv: string[], io: CliIo): number {
  const { values } = parseArgs({ args: argv, options: { seed: { type: 'string' }, customers: { type: 'string' }, events: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false });
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const m = measureGeneration(int(values.events, 'events') ?? 2_000_000, { seed: int(values.seed, 'seed') ?? 1, customers: int(values.customers, 'customers') ?? 100_000 });
  io.out(
    `generated ${m.events} events (${m.fraudEvents} fraud) for ${m.customers} customers in ${m.seconds.toFixed(2)} s: ${m.eventsPerSecond} events/s` +
      ` (population built in ${m.setupSeconds.toFixed(2)} s; no serialisation, no disk)\n`,
  );
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runSimulateCommand(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
