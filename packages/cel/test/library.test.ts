import { describe, expect, it } from 'vitest';
import type { CelHost } from '../src/celHost.ts';
import { compileExpression } from '../src/compileExpression.ts';
import { createCelEnvironment } from '../src/environment.ts';
import { CelEvalError } from '../src/errors.ts';
import { ipInCidr } from '../src/ipInCidr.ts';
import { regexRefusal } from '../src/regexSafety.ts';
import { compileErrorCode, evalBoth, expectEvalErrorBoth, thrown } from './testHelpers.ts';

const env = createCelEnvironment({
  variables: {
    ts: 'timestamp',
    ts2: 'timestamp',
    s: 'string',
    p: 'string',
    x: 'dyn',
    card: 'string',
    event: { geo: { lat: 'double', lon: 'double' }, home: 'map' },
  },
});

const host: CelHost = {
  inList: (list, value) => list === 'blacklist_card' && (value === 'tok_bad' || value === 42n),
  listEntry: (list, value) => (list === 'blacklist_card' && value === 'tok_bad' ? { reason: 'chargeback', since: '2024-01-01' } : null),
  nameMatch: (list, name) => (list === 'sanctions' && name.toLowerCase().includes('ivan') ? 0.92 : 0.1),
};

describe('list functions delegate to the host', () => {
  it('inList', () => {
    expect(evalBoth(env, "inList('blacklist_card', card)", { card: 'tok_bad' }, host)).toBe(true);
    expect(evalBoth(env, "inList('blacklist_card', card)", { card: 'tok_ok' }, host)).toBe(false);
    expect(evalBoth(env, "inList('blacklist_card', x)", { x: 42n }, host)).toBe(true);
    expect(evalBoth(env, "inList('other', card)", { card: 'tok_bad' }, host)).toBe(false);
  });

  it('listEntry returns the entry map or null', () => {
    expect(evalBoth(env, "listEntry('blacklist_card', card).reason", { card: 'tok_bad' }, host)).toBe('chargeback');
    expect(evalBoth(env, "listEntry('blacklist_card', card) == null", { card: 'tok_ok' }, host)).toBe(true);
  });

  it('nameMatch returns a similarity', () => {
    expect(evalBoth(env, "nameMatch('sanctions', s) > 0.9", { s: 'Ivan Petrov' }, host)).toBe(true);
    expect(evalBoth(env, "nameMatch('sanctions', s)", { s: 'Jane' }, host)).toBe(0.1);
  });

  it('host problems are CEL_HOST errors, never crashes', () => {
    expectEvalErrorBoth(env, "inList('l', card)", { card: 'a' }, 'CEL_HOST');
    const failing: CelHost = {
      inList: () => {
        throw new TypeError('store down');
      },
      listEntry: () => new Date() as never,
      nameMatch: () => 'high' as never,
    };
    expectEvalErrorBoth(env, "inList('l', card)", { card: 'a' }, 'CEL_HOST', failing);
    expectEvalErrorBoth(env, "listEntry('l', card)", { card: 'a' }, 'CEL_HOST', failing);
    expectEvalErrorBoth(env, "nameMatch('l', card)", { card: 'a' }, 'CEL_HOST', failing);
  });

  it('host errors are absorbed like any CEL error', () => {
    expect(evalBoth(env, "inList('l', card) || true", { card: 'a' })).toBe(true);
  });
});

describe('time helpers', () => {
  const ts = new Date('2024-03-10T18:30:00Z'); // Sunday

  it('hourOf in UTC and in a time zone', () => {
    expect(evalBoth(env, 'hourOf(ts)', { ts })).toBe(18n);
    expect(evalBoth(env, "hourOf(ts, 'Asia/Shanghai')", { ts })).toBe(2n);
    expect(evalBoth(env, "hourOf(ts, 'America/New_York')", { ts })).toBe(14n); // EDT from 2024-03-10 07:00Z
    expect(evalBoth(env, 'hourOf(ts)', { ts: new Date('1969-12-31T23:59:59Z') })).toBe(23n);
  });

  it('dayOfWeek is 0 for Sunday and follows the time zone', () => {
    expect(evalBoth(env, 'dayOfWeek(ts)', { ts })).toBe(0n);
    expect(evalBoth(env, "dayOfWeek(ts, 'Asia/Shanghai')", { ts })).toBe(1n);
    expect(evalBoth(env, 'dayOfWeek(ts)', { ts: new Date('1970-01-01T00:00:00Z') })).toBe(4n);
  });

  it('an unknown time zone is CEL_INVALID_ARGUMENT', () => {
    expectEvalErrorBoth(env, "hourOf(ts, 'Mars/Olympus')", { ts }, 'CEL_INVALID_ARGUMENT');
    expectEvalErrorBoth(env, "dayOfWeek(ts, '')", { ts }, 'CEL_INVALID_ARGUMENT');
  });

  it('minutesBetween', () => {
    expect(evalBoth(env, 'minutesBetween(ts, ts2)', { ts, ts2: new Date('2024-03-10T20:00:30Z') })).toBe(90.5);
    expect(evalBoth(env, 'minutesBetween(ts2, ts)', { ts, ts2: new Date('2024-03-10T20:00:30Z') })).toBe(-90.5);
  });
});

describe('distanceKm', () => {
  const paris = { lat: 48.8566, lon: 2.3522 };
  it('haversine between maps and schema objects', () => {
    const km = evalBoth(env, "distanceKm(event.geo, {'lat': 40.7128, 'lon': -74.006})", { event: { geo: paris, home: {} } });
    expect(km).toBeCloseTo(5837, -1);
    expect(evalBoth(env, 'distanceKm(event.geo, event.geo)', { event: { geo: paris, home: {} } })).toBe(0);
    expect(evalBoth(env, 'distanceKm(event.home, x)', { event: { geo: paris, home: { lat: 0n, lon: 0n } }, x: { lat: 0, lon: 1 } })).toBeCloseTo(111.2, 0);
  });

  it('missing or non-numeric coordinates are CEL_INVALID_ARGUMENT', () => {
    expectEvalErrorBoth(env, 'distanceKm(event.home, event.geo)', { event: { geo: paris, home: { lat: 1 } } }, 'CEL_INVALID_ARGUMENT');
    expectEvalErrorBoth(env, 'distanceKm(x, x)', { x: { lat: '1', lon: 2 } }, 'CEL_INVALID_ARGUMENT');
    expectEvalErrorBoth(env, 'distanceKm(1, 2)', {}, 'CEL_INVALID_ARGUMENT');
  });
});

describe('string helpers', () => {
  it('lower, upper, trim', () => {
    expect(evalBoth(env, "lower('ÀbC')")).toBe('àbc');
    expect(evalBoth(env, 'upper(s)', { s: 'straße' })).toBe('STRASSE');
    expect(evalBoth(env, "trim('  a b \\t')")).toBe('a b');
  });

  it('substr counts code points and clamps at the end', () => {
    expect(evalBoth(env, "substr('h😀llo', 1, 2)")).toBe('😀l');
    expect(evalBoth(env, "substr('abc', 1, 100)")).toBe('bc');
    expect(evalBoth(env, "substr('abc', 5, 1)")).toBe('');
    expectEvalErrorBoth(env, "substr('abc', -1, 1)", {}, 'CEL_INVALID_ARGUMENT');
  });

  it('standard string functions', () => {
    const ctx = { s: 'Hello, World' };
    expect(evalBoth(env, "s.contains('lo, W') && s.startsWith('Hell') && s.endsWith('ld')", ctx)).toBe(true);
    expect(evalBoth(env, "size(s) == 12 && s.size() == 12 && size('😀') == 1", ctx)).toBe(true);
    expect(evalBoth(env, "s.lowerAscii() + '|' + s.substring(7) + '|' + string(s.indexOf('o'))", ctx)).toBe('hello, world|World|4');
    expect(evalBoth(env, "s.split(', ')", ctx)).toEqual(['Hello', 'World']);
  });

  it('matches with a literal pattern', () => {
    expect(evalBoth(env, "s.matches('^[A-Z][a-z]+, ')", { s: 'Hello, World' })).toBe(true);
    expect(evalBoth(env, "s.matches('\\\\d{3}')", { s: 'abc' })).toBe(false);
  });

  it('unsafe or invalid literal patterns are refused at compile time', () => {
    expect(compileErrorCode(env, "s.matches('(a+)+$')")).toBe('CEL_UNSAFE_REGEX');
    expect(compileErrorCode(env, "s.matches('(a|aa)*b')")).toBe('CEL_UNSAFE_REGEX');
    expect(compileErrorCode(env, "s.matches('(x)\\\\1')")).toBe('CEL_UNSAFE_REGEX');
    expect(compileErrorCode(env, "s.matches('a(?=b)')")).toBe('CEL_UNSAFE_REGEX');
    expect(compileErrorCode(env, `s.matches('${'a'.repeat(300)}')`)).toBe('CEL_UNSAFE_REGEX');
    expect(compileErrorCode(env, "s.matches('(')")).toBe('CEL_INVALID_REGEX');
  });

  it('dynamic patterns are checked at run time', () => {
    const rule = compileExpression(env, 's.matches(p)');
    expect(rule.evaluate({ s: 'abc', p: '^a.c$' })).toBe(true);
    const error = thrown(() => rule.evaluate({ s: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!', p: '^(a+)+$' }));
    expect(error).toBeInstanceOf(CelEvalError);
    expect((error as CelEvalError).code).toBe('CEL_UNSAFE_REGEX');
    expect((thrown(() => rule.evaluate({ s: 'a', p: '[' })) as CelEvalError).code).toBe('CEL_INVALID_REGEX');
  });

  it('regexRefusal accepts the usual rule patterns', () => {
    for (const ok of ['^\\d{4}-\\d{2}$', '^[A-Z]{2}\\d{2}[A-Z0-9]{11,30}$', '@(mailinator|guerrillamail)\\.com$', '^(ab)+$', 'a.*b', '(\\.com)?$']) {
      expect(regexRefusal(ok), ok).toBeNull();
    }
  });
});

describe('ipInCidr', () => {
  it.each([
    ['10.1.2.3', '10.0.0.0/8', true],
    ['11.1.2.3', '10.0.0.0/8', false],
    ['192.168.1.7', '192.168.1.7', true],
    ['192.168.1.7', '0.0.0.0/0', true],
    ['192.168.1.7', '192.168.1.0/33', false],
    ['2001:db8::1', '2001:db8::/32', true],
    ['2001:db9::1', '2001:db8::/32', false],
    ['::ffff:10.0.0.1', '::ffff:10.0.0.0/104', true],
    ['10.0.0.1', '::/0', false],
    ['::1', '::1/128', true],
    ['not-an-ip', '10.0.0.0/8', false],
    ['10.0.0.1', 'garbage', false],
    ['010.0.0.1', '10.0.0.0/8', false],
    ['1:2:3:4:5:6:7:8:9', '::/0', false],
  ])('ipInCidr(%s, %s) is %s', (ip, cidr, expected) => {
    expect(ipInCidr(ip, cidr)).toBe(expected);
    expect(evalBoth(env, 'ipInCidr(s, p)', { s: ip, p: cidr })).toBe(expected);
  });
});

describe('conversions and standard functions', () => {
  it('agree with the interpreter', () => {
    expect(evalBoth(env, "int('42') + int(2.9) + int(-2.9)")).toBe(42n);
    expect(evalBoth(env, "double('1e3') + double(2)")).toBe(1002);
    expect(evalBoth(env, 'string(1.0) + string(-0.0) + string(true) + string(12)')).toBe('10true12');
    expect(evalBoth(env, "timestamp('2024-01-01T00:00:00Z') + duration('1h30m') == timestamp('2024-01-01T01:30:00Z')")).toBe(true);
    expect(evalBoth(env, "(timestamp('2024-01-02T00:00:00Z') - timestamp('2024-01-01T00:00:00Z')).getHours()")).toBe(24n);
    expect(evalBoth(env, "bool('true') && !bool('f')")).toBe(true);
    expectEvalErrorBoth(env, "int('12a')", {}, 'CEL_CONVERSION');
    expectEvalErrorBoth(env, "duration('soon')", {}, 'CEL_CONVERSION');
    expectEvalErrorBoth(env, "timestamp('yesterday')", {}, 'CEL_CONVERSION');
  });
});
