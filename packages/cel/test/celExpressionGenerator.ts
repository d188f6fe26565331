import { Duration } from '@marcbachmann/cel-js/evaluator';
import fc from 'fast-check';

/**
 * Random CEL expressions over the differential-test variables (see celDifferential.ts), mostly
 * well typed, sometimes deliberately not. Generation is driven by a seed so fast-check can report
 * a reproducible counterexample; contexts are ordinary fast-check arbitraries.
 *
 * Excluded on purpose (known cel-js behaviours the compiler refuses or deviates from, see the
 * package README section "Differences from the interpreter"):
 * - `duration + timestamp` (cel-js types it as a duration but returns a timestamp);
 * - field selection on timestamps/durations (cel-js reads JS prototype members there);
 * - `matches()` with non-literal patterns (compiled code refuses unsafe dynamic patterns);
 * - Set, Uint8Array (bytes), uint values and JS Maps in the context.
 */

type Cat = 'int' | 'double' | 'string' | 'bool' | 'ts' | 'dur' | 'listInt' | 'listStr' | 'listDyn' | 'map' | 'dyn';

const CATS: Cat[] = ['int', 'double', 'string', 'bool', 'ts', 'dur', 'listInt', 'listStr', 'listDyn', 'map', 'dyn'];

interface ScopeVar {
  name: string;
  cat: Cat;
}

/** mulberry32: small, fast, good enough for test generation. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INT_LITERALS = ['0', '1', '-1', '2', '3', '7', '10', '100', '-5', '0x10', '9223372036854775807', '-9223372036854775808', '9223372036854775806', '4611686018427387904', '3037000500', '-3037000500'];
const DOUBLE_LITERALS = ['0.0', '-0.0', '1.5', '-2.25', '3.0', '0.1', '1e308', '-1e308', '5e-324', '1000.0', '5000.5', '2.0'];
const STRING_LITERALS = [
  '""', '"abc"', '"a"', '"b"', '"ECOM"', '"é"', '"😀x"', '"A B "', '"10.1.2.3"', '"2001:db8::1"', '"2024-01-01T00:00:00Z"',
  '"1"', '"-12"', '"2.5"', '"true"', '"f"', '"1h30m"', '"-90s"', '"Asia/Shanghai"', '"UTC"', '"a,b,c"', "'x'", 'r"\\d"', '"\\u00e9"',
];
const SAFE_PATTERNS = ['"^a"', '"b$"', '"[0-9]+"', '"^[a-z]*$"', '"a.c"', '"^(ab|cd)"', '"\\\\d{2,4}"', '"é"', '"^$"'];
const CIDRS = ['"10.0.0.0/8"', '"192.168.0.0/16"', '"2001:db8::/32"', '"0.0.0.0/0"', '"10.1.2.3"', '"bad"'];
const FIELDS = ['a', 'b', 'k', 'x', 'lat', 'lon', 'missing'];
const ITER_NAMES = ['v', 'w', 'k', 'i'];

export class ExpressionGenerator {
  private readonly rnd: () => number;
  private macros = 0;

  constructor(seed: number) {
    this.rnd = prng(seed);
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.rnd() * items.length)];
  }

  private chance(p: number): boolean {
    return this.rnd() < p;
  }

  /** One expression of a random (or the given) category. */
  expression(cat?: Cat): string {
    this.macros = 0;
    return this.gen(cat ?? this.pick(CATS), 0, []);
  }

  private gen(cat: Cat, depth: number, scope: ScopeVar[]): string {
    // Now and then ask for the wrong category on purpose: ill-typed expressions must be refused
    // by both, or fail at run time the same way.
    if (this.chance(0.04)) cat = this.pick(CATS);
    if (depth >= 4 || this.chance(depth === 0 ? 0.1 : 0.35)) return this.leaf(cat, scope);
    const d = depth + 1;
    const g = (c: Cat) => this.gen(c, d, scope);
    switch (cat) {
      case 'int':
        return this.pick<() => string>([
          () => `(${g('int')} ${this.pick(['+', '-', '*', '/', '%'])} ${g('int')})`,
          () => `-${g('int')}`,
          () => `int(${g(this.pick<Cat>(['double', 'string', 'int', 'dyn']))})`,
          () => `size(${g(this.pick<Cat>(['string', 'listInt', 'listStr', 'map', 'dyn']))})`,
          () => `${g('string')}.size()`,
          () => `(${g('bool')} ? ${g('int')} : ${g('int')})`,
          () => `hourOf(${g('ts')}${this.chance(0.5) ? `, ${this.pick(['"Asia/Shanghai"', '"UTC"', '"America/New_York"', '"Bad/Zone"'])}` : ''})`,
          () => `dayOfWeek(${g('ts')}${this.chance(0.5) ? ', "Europe/Paris"' : ''})`,
          () => `${g('string')}.indexOf(${g('string')})`,
          () => `${g('listInt')}[${this.index(d, scope)}]`,
          () => `mi[${g('string')}]`,
          () => `${g('ts')}.${this.pick(['getHours', 'getFullYear', 'getDayOfWeek', 'getMinutes'])}()`,
          () => `${g('dur')}.getSeconds()`,
          () => `${this.macro('listInt', 'int', d, scope)}[0]`,
          () => `cel.bind(${this.bindVar(scope, 'int', d)})`,
        ])();
      case 'double':
        return this.pick<() => string>([
          () => `(${g('double')} ${this.pick(['+', '-', '*', '/'])} ${g('double')})`,
          () => `-${g('double')}`,
          () => `double(${g(this.pick<Cat>(['int', 'string', 'double', 'dyn']))})`,
          () => `minutesBetween(${g('ts')}, ${g('ts')})`,
          () => `distanceKm(${this.pick(['ev.geo', 'm', '{"lat": 48.8, "lon": 2.3}', 'x'])}, ${this.pick(['ev.geo', '{"lat": 40.7, "lon": -74.0}', 'y'])})`,
          () => `nameMatch("names", ${g('string')})`,
          () => `(${g('bool')} ? ${g('double')} : ${g('double')})`,
          () => `ld[${this.index(d, scope)}]`,
        ])();
      case 'string':
        return this.pick<() => string>([
          () => `(${g('string')} + ${g('string')})`,
          () => `string(${g(this.pick<Cat>(['int', 'double', 'bool', 'string', 'dyn']))})`,
          () => `${this.pick(['lower', 'upper', 'trim'])}(${g('string')})`,
          () => `substr(${g('string')}, ${g('int')}, ${g('int')})`,
          () => `${g('string')}.substring(${g('int')})`,
          () => `${g('string')}.${this.pick(['lowerAscii', 'upperAscii', 'trim'])}()`,
          () => `${g('listStr')}.join(${this.chance(0.5) ? '","' : ''})`,
          () => `(${g('bool')} ? ${g('string')} : ${g('string')})`,
          () => `ls[${this.index(d, scope)}]`,
          () => `ms[${g('string')}]`,
        ])();
      case 'bool':
        return this.pick<() => string>([
          () => `(${g('bool')} ${this.pick(['&&', '||'])} ${g('bool')})`,
          () => `(${g('bool')} && ${g('bool')} && ${g('bool')})`,
          () => `!${g('bool')}`,
          () => this.comparison(d, scope),
          () => this.comparison(d, scope),
          () => `(${g('int')} in ${g('listInt')})`,
          () => `(${g('string')} in ${this.chance(0.5) ? g('listStr') : '["abc", "ECOM", "x", "é"]'})`,
          () => `(${g('string')} in ${g('map')})`,
          () => `(${g('dyn')} in ${g(this.pick<Cat>(['listDyn', 'map', 'dyn']))})`,
          () => `has(${this.pick(['ev.amount', 'ev.geo.lat', 'ev.nope', 'm.a', 'x.a', 'x.a.b', 'ev.meta.k', 'y.missing'])})`,
          () => `${g('string')}.${this.pick(['contains', 'startsWith', 'endsWith'])}(${g('string')})`,
          () => `${g('string')}.matches(${this.pick(SAFE_PATTERNS)})`,
          () => this.macro(this.pick<Cat>(['listInt', 'listStr', 'listDyn', 'map', 'dyn']), 'bool', d, scope),
          () => `inList("bl", ${g(this.pick<Cat>(['string', 'int', 'dyn']))})`,
          () => `ipInCidr(${g('string')}, ${this.pick(CIDRS)})`,
          () => `bool(${g('string')})`,
          () => `(${g('bool')} ? ${g('bool')} : ${g('bool')})`,
          () => `(listEntry("bl", ${g('string')}) == null)`,
        ])();
      case 'ts':
        return this.pick<() => string>([
          () => `(${g('ts')} ${this.pick(['+', '-'])} ${g('dur')})`,
          () => `timestamp(${this.chance(0.5) ? g('int') : g('string')})`,
          () => `(${g('bool')} ? ${g('ts')} : ${g('ts')})`,
        ])();
      case 'dur':
        return this.pick<() => string>([
          () => `duration(${this.chance(0.7) ? this.pick(['"1h"', '"90m"', '"1.5s"', '"-30s"', '"2h45m"', '"bad"']) : g('string')})`,
          () => `(${g('dur')} ${this.pick(['+', '-'])} ${g('dur')})`,
          () => `(${g('ts')} - ${g('ts')})`,
        ])();
      case 'listInt':
        return this.pick<() => string>([
          () => `[${this.several(() => g('int'))}]`,
          () => `(${g('listInt')} + ${g('listInt')})`,
          () => this.macro(this.pick<Cat>(['listInt', 'listStr', 'listDyn']), 'listInt', d, scope),
        ])();
      case 'listStr':
        return this.pick<() => string>([
          () => `[${this.several(() => g('string'))}]`,
          () => `${g('string')}.split(${this.pick(['","', '""', '"b"'])})`,
          () => this.macro(this.pick<Cat>(['map', 'listStr']), 'listStr', d, scope),
        ])();
      case 'listDyn':
        return this.pick<() => string>([() => `[${this.several(() => `dyn(${g(this.pick(CATS))})`)}]`, () => `(lx + ${g('listDyn')})`])();
      case 'map':
        return this.pick<() => string>([
          () => `{${this.several(() => `${this.pick(['"a"', '"b"', '"k"'])}: ${g('int')}`)}}`,
          () => `{${this.several(() => `${g('int')}: ${g('string')}`)}}`,
          () => `{${this.several(() => `dyn(${g(this.pick<Cat>(['string', 'int']))}): dyn(${g(this.pick(CATS))})`)}}`,
        ])();
      case 'dyn':
        return this.pick<() => string>([
          () => `dyn(${g(this.pick(CATS))})`,
          () => `${g('dyn')}.${this.pick(FIELDS)}`,
          () => `${g('dyn')}[${g(this.pick<Cat>(['string', 'int', 'double']))}]`,
          () => `(${g('dyn')} ${this.pick(['+', '-', '*', '/', '%'])} ${g(this.pick<Cat>(['dyn', 'int', 'double', 'string']))})`,
          () => `listEntry("bl", ${g('string')})`,
          () => `m[${g('string')}]`,
          () => `lx[${this.index(d, scope)}]`,
          () => `(${g('bool')} ? ${g('dyn')} : ${g(this.pick(CATS))})`,
          () => `${g('dyn')}.${this.pick(['size()', 'contains("a")', 'startsWith("a")', 'join()'])}`,
          () => `-${g('dyn')}`,
          () => `!${g('dyn')}`,
          () => `cel.bind(${this.bindVar(scope, 'dyn', d)})`,
        ])();
    }
  }

  /** List indexes: small constants mostly, so most accesses are in bounds. */
  private index(depth: number, scope: ScopeVar[]): string {
    return this.chance(0.75) ? this.pick(['0', '1', '0', '2', '-1']) : this.gen('int', depth, scope);
  }

  private several(item: () => string): string {
    const n = this.pick([0, 1, 1, 2, 2, 3]);
    return Array.from({ length: n }, item).join(', ');
  }

  private comparison(depth: number, scope: ScopeVar[]): string {
    const g = (c: Cat) => this.gen(c, depth, scope);
    const op = this.pick(['==', '!=', '<', '<=', '>', '>=']);
    const pair = this.pick<[Cat, Cat]>([
      ['int', 'int'],
      ['double', 'double'],
      ['double', 'int'],
      ['int', 'double'],
      ['string', 'string'],
      ['bool', 'bool'],
      ['ts', 'ts'],
      ['dur', 'dur'],
      ['dyn', 'int'],
      ['dyn', 'dyn'],
      ['double', 'dyn'],
      ['listInt', 'listInt'],
      ['map', 'map'],
      ['listDyn', 'listDyn'],
    ]);
    return `(${g(pair[0])} ${op} ${g(pair[1])})`;
  }

  private bindVar(scope: ScopeVar[], cat: Cat, depth: number): string {
    const name = this.pick(['z', 'v', 'q']);
    const valueCat = this.pick(CATS);
    const value = this.gen(valueCat, depth, scope);
    const body = this.gen(cat, depth, [...scope, { name, cat: valueCat }]);
    return `${name}, ${value}, ${body}`;
  }

  /** A comprehension over a range of category `range`, producing `result` (bool or a list). */
  private macro(range: Cat, result: Cat, depth: number, scope: ScopeVar[]): string {
    if (this.macros >= 3) return this.leaf(result, scope);
    this.macros++;
    const receiver = this.gen(range, depth, scope);
    const name = this.pick(ITER_NAMES);
    const elem: Cat = range === 'listInt' ? 'int' : range === 'listStr' || range === 'map' ? 'string' : 'dyn';
    const inner = [...scope, { name, cat: elem }];
    const body = (c: Cat) => this.gen(c, depth + 1, inner);
    if (result === 'bool') {
      const kind = this.pick(['all', 'exists', 'exists_one']);
      return `${receiver}.${kind}(${name}, ${body('bool')})`;
    }
    const valueCat: Cat = result === 'listStr' ? 'string' : 'int';
    return this.pick<() => string>([
      () => `${receiver}.map(${name}, ${body(valueCat)})`,
      () => `${receiver}.map(${name}, ${body('bool')}, ${body(valueCat)})`,
      () => `${receiver}.filter(${name}, ${body('bool')})`,
    ])();
  }

  private leaf(cat: Cat, scope: ScopeVar[]): string {
    const local = scope.filter((v) => v.cat === cat || cat === 'dyn' || v.cat === 'dyn');
    if (local.length > 0 && this.chance(0.6)) return this.pick(local).name;
    switch (cat) {
      case 'int':
        return this.pick([...INT_LITERALS, 'i', 'j', 'i', 'ev.count', 'li[0]', 'mi.a', 'size(ls)', 'x.a']);
      case 'double':
        return this.pick([...DOUBLE_LITERALS, 'd', 'f', 'd', 'ev.amount', 'ld[0]', 'ev.geo.lat', 'ev.meta.k']);
      case 'string':
        return this.pick([...STRING_LITERALS, 's', 't', 's', 'ev.channel', 'ls[0]', 'ms.k', 'y', 'ev.tags[0]']);
      case 'bool':
        return this.pick(['true', 'false', 'b', 'ev.ok', 'x.ok']);
      case 'ts':
        return this.pick(['ts', 'ts2', 'ev.at', 'timestamp("2024-02-29T23:59:59Z")']);
      case 'dur':
        return this.pick(['du', 'duration("1h")', 'duration("-1.5s")']);
      case 'listInt':
        return this.pick(['li', '[1, 2, 3]', '[]', '[i, j]', 'x.l']);
      case 'listStr':
        return this.pick(['ls', 'ev.tags', '["a", "b"]', '[s, t]']);
      case 'listDyn':
        return this.pick(['lx', '[]', 'x.l', 'dyn([1, 2])']);
      case 'map':
        return this.pick(['m', 'ms', 'mi', 'ev.meta', '{"a": 1, "b": 2}', '{}', 'x']);
      case 'dyn':
        return this.pick(['x', 'y', 'x.a', 'm.a', 'lx[0]', 'dyn(i)', 'dyn(s)', 'null', 'ev.meta']);
    }
  }
}

// --- contexts ----------------------------------------------------------------------------------

const MAX_INT = 9223372036854775807n;
const MIN_INT = -9223372036854775808n;

const intValue = fc.oneof(
  fc.constantFrom(0n, 1n, -1n, 2n, 3n, 7n, MAX_INT, MIN_INT, MAX_INT - 1n, MIN_INT + 1n, 2n ** 53n, 3037000500n, 4611686018427387904n),
  fc.bigInt({ min: -1000n, max: 1000n }),
  fc.bigInt({ min: MIN_INT, max: MAX_INT }),
);
const doubleValue = fc.oneof(
  fc.constantFrom(0, -0, 1.5, -2.25, Number.NaN, Infinity, -Infinity, 1e308, 5e-324, 0.1, 1000, 5000.5, 48.85, 2.35),
  fc.double(),
);
const stringValue = fc.oneof(
  fc.constantFrom('', 'abc', 'a', 'b', 'ECOM', 'é', '😀', 'a😀b', ' A b ', '10.1.2.3', '192.168.1.1', '2001:db8::1', '2024-01-01T00:00:00Z', '1', '-12', '2.5', 'true', 'f', '1h', 'Asia/Shanghai', 'a,b,c', '\ud800'),
  fc.string({ maxLength: 6 }),
  fc.string({ unit: 'grapheme', maxLength: 4 }),
);
const timestampValue = fc.date({ min: new Date(-62135596800000), max: new Date(253402300799999), noInvalidDate: true });
const durationValue = fc.integer({ min: -100000, max: 100000 }).map((s) => new Duration(BigInt(s), 0));
const scalar = fc.oneof(intValue, doubleValue, stringValue, fc.boolean(), fc.constant(null), timestampValue);
const key = fc.constantFrom('a', 'b', 'k', 'x', 'l', 'ok', 'lat', 'lon', '1');
const dynValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(key, tie('value'), { maxKeys: 3 }),
  ),
})).value;

/** Mostly non-empty lists, so indexing is not mostly out of bounds. */
function list<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T[]> {
  return fc.oneof({ weight: 4, arbitrary: fc.array(arb, { minLength: 1, maxLength: 4 }) }, { weight: 1, arbitrary: fc.constant<T[]>([]) });
}

/** Maps that usually have the keys expressions select, plus random extra keys. */
function map<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<Record<string, T>> {
  return fc
    .tuple(fc.record({ a: arb, b: arb, k: arb }, { requiredKeys: [] }), fc.dictionary(key, arb, { maxKeys: 2 }))
    .map(([known, extra]) => ({ ...extra, ...known }));
}

const dynMap = fc.record({ a: intValue, b: scalar, l: list(intValue), ok: fc.boolean(), lat: doubleValue, lon: doubleValue }, { requiredKeys: ['a', 'l', 'ok'] });
const dynMostlyMap = fc.oneof({ weight: 3, arbitrary: dynMap }, { weight: 2, arbitrary: dynValue });

/** A value of the declared type most of the time, of any type or absent (undefined) sometimes. */
function typed<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 12, arbitrary: arb }, { weight: 1, arbitrary: dynValue }, { weight: 1, arbitrary: fc.constant(undefined) });
}

const eventValue = fc.record(
  {
    amount: typed(doubleValue),
    count: typed(intValue),
    channel: typed(stringValue),
    ok: typed(fc.boolean()),
    tags: typed(list(stringValue)),
    at: typed(timestampValue),
    meta: typed(map(scalar)),
    geo: typed(fc.record({ lat: typed(doubleValue), lon: typed(doubleValue) })),
  },
);

/** Contexts for the differential-test variables (see DIFF_VARIABLES). */
export const contextArbitrary: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    i: typed(intValue),
    j: typed(intValue),
    d: typed(doubleValue),
    f: typed(doubleValue),
    s: typed(stringValue),
    t: typed(stringValue),
    b: typed(fc.boolean()),
    ts: typed(timestampValue),
    ts2: typed(timestampValue),
    du: typed(durationValue),
    li: typed(list(typed(intValue))),
    ld: typed(list(doubleValue)),
    ls: typed(list(stringValue)),
    lx: typed(list(dynValue)),
    m: typed(map(dynValue)),
    ms: typed(map(stringValue)),
    mi: typed(map(intValue)),
    x: dynMostlyMap,
    y: dynMostlyMap,
    ev: typed(eventValue),
  },
);
