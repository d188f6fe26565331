import type { CelHost } from './celHost.ts';
import { withCurrentHost } from './celHost.ts';
import { compileExpression } from './compileExpression.ts';
import { createCelEnvironment } from './environment.ts';

/** Figures of {@link benchmarkCel}. */
export interface CelBenchmarkResult {
  rules: number;
  iterations: number;
  /** Mean nanoseconds per rule evaluation, compiled. */
  compiledNsPerEval: number;
  /** Mean nanoseconds per rule evaluation, cel-js interpreter on pre-parsed, pre-checked rules. */
  interpretedNsPerEval: number;
  speedup: number;
}

const TEMPLATES: ((i: number) => string)[] = [
  (i) =>
    `event.amount > ${1000 * (i + 1)}.0 && features.txn_count_10m >= ${i + 2} && event.channel in ['ECOM', 'MOBILE'] && !inList('blacklist_card', event.card_token)`,
  (i) => `features.txn_sum_24h > features.avg_amount_90d * ${i + 3}.0 && event.amount > ${500 * (i + 1)}.0`,
  (i) => `event.country != event.card_country && event.amount >= ${2000 + 250 * i}.0`,
  () => `inList('blacklist_device', event.device_id) || inList('blacklist_ip', event.ip)`,
  (i) => `features.distinct_cards_1h > ${i + 1} && event.mcc in ['6011', '7995', '4829', '6051']`,
  (i) => `event.amount > ${300 * (i + 1)}.0 && hourOf(event.at) < ${i + 2}`,
  () => `size(event.email) > 0 && event.email.endsWith('@mailinator.com')`,
  (i) => `features.failed_otp_24h >= ${i + 2} || (features.txn_count_10m > ${i + 4} && event.amount > ${800 * (i + 1)}.0)`,
  (i) => `event.amount / (features.avg_amount_90d + 1.0) > ${i + 4}.0 && event.channel != 'POS'`,
  (i) => `event.amount > ${1500 * (i + 1)}.0 && features.txn_count_10m + features.failed_otp_24h > ${i + 3}`,
];

/** The benchmark's rule set: 50 rules in the shape analysts write. */
export function benchmarkRules(): string[] {
  const rules: string[] = [];
  for (let i = 0; i < 5; i++) for (const template of TEMPLATES) rules.push(template(i));
  return rules;
}

/** Environment of the benchmark rules. */
export function benchmarkEnvironment() {
  return createCelEnvironment({
    variables: {
      event: {
        amount: 'double',
        channel: 'string',
        card_token: 'string',
        country: 'string',
        card_country: 'string',
        device_id: 'string',
        ip: 'string',
        mcc: 'string',
        email: 'string',
        at: 'timestamp',
      },
      features: {
        txn_count_10m: 'int',
        txn_sum_24h: 'double',
        avg_amount_90d: 'double',
        distinct_cards_1h: 'int',
        failed_otp_24h: 'int',
      },
    },
  });
}

/** A representative context and host for the benchmark rules. */
export function benchmarkContext(): { ctx: Record<string, unknown>; host: CelHost } {
  const lists = new Map<string, Set<unknown>>([
    ['blacklist_card', new Set(['tok_bad_1', 'tok_bad_2'])],
    ['blacklist_device', new Set(['dev_bad'])],
    ['blacklist_ip', new Set(['203.0.113.9'])],
  ]);
  const host: CelHost = {
    inList: (list, value) => lists.get(list)?.has(value) ?? false,
    listEntry: () => null,
    nameMatch: () => 0,
  };
  const ctx = {
    event: {
      amount: 6250.5,
      channel: 'ECOM',
      card_token: 'tok_4242',
      country: 'FR',
      card_country: 'FR',
      device_id: 'dev_123',
      ip: '198.51.100.7',
      mcc: '5411',
      email: 'jane@example.com',
      at: new Date('2024-05-01T03:15:00Z'),
    },
    features: { txn_count_10m: 4n, txn_sum_24h: 18000.25, avg_amount_90d: 950.0, distinct_cards_1h: 1n, failed_otp_24h: 0n },
  };
  return { ctx, host };
}

function nsPerEval(rounds: number, rules: number, run: () => number): number {
  const start = process.hrtime.bigint();
  let sink = 0;
  for (let i = 0; i < rounds; i++) sink += run();
  const elapsed = Number(process.hrtime.bigint() - start);
  if (sink < 0) throw new Error('unreachable');
  return elapsed / (rounds * rules);
}

/**
 * Runs a realistic 50-rule strategy compiled and through the cel-js interpreter and reports mean
 * nanoseconds per rule evaluation.
 *
 * @example
 * const { compiledNsPerEval, interpretedNsPerEval, speedup } = benchmarkCel(20_000);
 */
export function benchmarkCel(iterations = 20_000): CelBenchmarkResult {
  const env = benchmarkEnvironment();
  const sources = benchmarkRules();
  const { ctx, host } = benchmarkContext();
  const compiled = sources.map((s) => compileExpression(env, s));
  const parsed = sources.map((s) => {
    const p = env.cel.parse(s);
    const checked = p.check();
    if (!checked.valid) throw checked.error;
    return p;
  });
  const runCompiled = () => {
    let hits = 0;
    for (const rule of compiled) if (rule.evaluate(ctx, host) === true) hits++;
    return hits;
  };
  const runInterpreted = () =>
    withCurrentHost(host, () => {
      let hits = 0;
      for (const rule of parsed) if (rule(ctx) === true) hits++;
      return hits;
    });
  if (runCompiled() !== runInterpreted()) throw new Error('Compiled and interpreted rule sets disagree');
  // The interpreter is run for fewer rounds to keep the benchmark short. Each side is measured in
  // several alternating samples and the fastest kept: on a shared machine the minimum is the
  // figure least disturbed by other processes.
  const interpretedRounds = Math.max(10, Math.ceil(iterations / 10));
  const samples = 5;
  nsPerEval(Math.ceil(iterations / samples), sources.length, runCompiled);
  nsPerEval(Math.ceil(interpretedRounds / samples), sources.length, runInterpreted);
  let compiledNsPerEval = Infinity;
  let interpretedNsPerEval = Infinity;
  for (let i = 0; i < samples; i++) {
    compiledNsPerEval = Math.min(compiledNsPerEval, nsPerEval(Math.ceil(iterations / samples), sources.length, runCompiled));
    interpretedNsPerEval = Math.min(interpretedNsPerEval, nsPerEval(Math.ceil(interpretedRounds / samples), sources.length, runInterpreted));
  }
  return {
    rules: sources.length,
    iterations,
    compiledNsPerEval,
    interpretedNsPerEval,
    speedup: interpretedNsPerEval / compiledNsPerEval,
  };
}
