import { Duration } from '@marcbachmann/cel-js/evaluator';
import { describe, expect, it } from 'vitest';
import { compareOnContexts } from './celDifferential.ts';

// Hand-picked expressions at the edges of CEL semantics, checked against the interpreter on a
// well-typed context, a badly typed one and an empty one.
const good: Record<string, unknown> = {
  i: 5n, j: -3n, d: 2.5, f: -0, s: 'abc', t: 'b', b: true, ts: new Date('2024-03-10T12:34:56Z'), ts2: new Date(0),
  du: new Duration(3600n, 0), li: [1n, 2n, 3n], ld: [1.5, Number.NaN], ls: ['a', 'b'], lx: [1n, 'a', null],
  m: { a: 1n, b: 'x' }, ms: { k: 'v' }, mi: { a: 1n }, x: { a: 1n, b: [1n], ok: true }, y: 'str',
  ev: { amount: 6000.5, count: 3n, channel: 'ECOM', ok: true, tags: ['t1'], at: new Date(1e12), meta: { k: 1 }, geo: { lat: 48.85, lon: 2.35 } },
};
const bad: Record<string, unknown> = { i: 5, d: 1n, s: 3, li: [1n, 'x'], ev: { amount: '1', geo: 5, tags: [1n] }, ms: { k: 1n }, lx: 'str', x: [1n], y: null };

const EXPRESSIONS = [
  // arithmetic and overflow
  'i + j', 'i / 0', 'i % 0', '9223372036854775807 + i', '-9223372036854775808 - 1', '(-9223372036854775807 - 1) / -1', '-(-9223372036854775807 - 1)',
  'd / 0.0', '-f', 'f * -1.0', 'string(f)', 'string(1e21)', 'int(1e300)', 'double("nan") == double("nan")',
  // comparisons across numeric kinds
  'd > i', 'i > d', 'i == 5', 'dyn(i) == 5.0', 'dyn(1) < 1.5', 'x.a < 2.5', 'y < "z"', 'y < 1', '[1] == [1]', 'dyn([1]) == [1.0]', '{"a": 1} == {"a": 1}',
  // strings
  's + t', 'size(s)', 'size("😀a")', '"\\ud83d" + "\\ude00"', 's.matches("^a.c$")', '"a,b".split(",")', 'ls.join("-")', 's.indexOf("")', 's.substring(3)', 's < t',
  // lists and maps
  'li[1]', 'li[5]', 'li[-1]', 'ld[1]', 'lx[1]', '[1, 2, 3][dyn(1.0)]', '[1, 2][dyn(-0.0)]', '[1, 2][dyn(0.5)]', 'm.a', 'm.c', 'm["a"]', 'ms.k', 'mi["zz"]',
  '{1: "a"}["1"]', '{"1": "a"}[1]', '{i: 1}', '{x.a: 1}', '[i, j, 1 / 0]', '[1 / 0, li[9]]', '[1, []]', '[1, []].map(v, v)', 'li + [4]', 'lx + li',
  '1 in li', '"a" in ls', '"a" in m', 'x in [1, 2]', 'i in [1, 5, 9]', '"zz" in ["a", "b"]', '"a" in dyn("abc")', 'size(m)', 'size(x)',
  // dyn field access
  'x.a', 'x.b[0]', 'x.c', 'y.a', 'x["a"]', 'lx[0] + 1', 'ev.meta.k', 'ev.meta.k + 1.0',
  // schema objects
  'ev.amount > 5000', 'ev.count + 1', 'ev.geo.lat', 'ev["amount"]', 'ev.geo', 'ev.tags', 'has(ev.geo.lat)', 'has(ev.nope)', 'has(ev.geo.nope)', 'has(ev.nope.lat)',
  'distanceKm(ev.geo, {"lat": 40.7, "lon": -74.0})',
  // has on maps and dyn
  'has(m.a)', 'has(x.a.b)', 'has(x.q.r)', 'has(y.a)',
  // logic and error absorption
  'b && i > 0', 'b || 1 / 0 == 1', '1 / 0 == 1 || true', '1 / 0 == 1 && false', 'false && 1 / 0 == 1', 'x.a && true', 'x.a || false', 'true && x.a',
  'x.a && false', 'x.a || true', 'x.ok && x.a', 'dyn(2) || false', '(1 / 0 == 1 || x.a) && false', 'b ? i : j', 'x.a ? 1 : 2', 'b ? x : y', '!x.a', '-x.a',
  // comprehensions
  'li.all(v, v > 0)', 'li.exists(v, 10 / (v - 2) > 1)', 'li.all(v, 10 / (v - 2) > 1)', 'li.exists(v, v == 1 ? true : 1 / 0 == 1)', 'li.exists_one(v, v == 2)',
  'li.exists_one(v, 10 / (v - 2) > 1)', 'li.map(v, v * 2)', 'li.map(v, v > 1, v * 10)', 'li.filter(v, v % 2 == 1)', 'li.exists(v, x.a)', 'm.map(k, k)',
  'lx.map(v, v)', 'x.all(k, k == "a")', 'y.all(k, true)', '[1, 2, 3].map(v, [v, v].map(w, w + v))', 'ls.exists(v, v.startsWith("a"))', 'mi.all(k, mi[k] > 0)',
  'cel.bind(z, i * 2, z + z)', 'cel.bind(i, "s", i + "x")', 'li.exists(i, i == 2)',
  // functions through dyn dispatch
  'int(x.a)', 'string(x.a)', 'dyn("a").size()', 'x.b.size()', 'dyn(s).contains("b")', 'dyn(ls).join()', 'y.startsWith(s)', 'inList("bl", x.a)',
  'dyn(i) + dyn(d)', 'dyn(li) + dyn(ls)', 'x.b + [2]',
  // time
  'ts - ts2', 'ts + duration("1h")', 'ts - duration("90m")', 'du + duration("1s")', 'ts > ts2', 'ts == ts', 'dyn(ts) < dyn(ts2)', 'timestamp(1700000000)',
  'ts.getHours("Asia/Shanghai")', 'ts.getHours("Bad/Zone")', 'hourOf(ts, "Bad/Zone")', 'ts.getDayOfYear()',
  // host functions
  'inList("bl", s)', 'listEntry("bl", s).reason', 'listEntry("bl", t) == null', 'nameMatch("names", s)',
];

describe('hand-picked semantics agree with the interpreter', () => {
  it.each(EXPRESSIONS)('%s', (source) => {
    for (const [name, ctx] of [['good', good], ['bad', bad], ['empty', {}]] as const) {
      const [result] = compareOnContexts(source, [ctx]);
      expect(result.agree, `${name} context: ${JSON.stringify(result, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))}`).toBe(true);
      expect(result.compilerRefused, `${name}: compiler refused`).toBe(false);
    }
  });
});
