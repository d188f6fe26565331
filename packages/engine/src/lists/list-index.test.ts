import { describe, expect, it } from 'vitest';
import { codePoints, jaroWinkler, jaroWinklerPoints } from './jaro-winkler.ts';
import { ListIndex } from './list-index.ts';
import { normaliseName } from './normalise-name.ts';
import type { ListEntryData, ListMeta } from './types.ts';

const NOW = Date.UTC(2024, 5, 1);
const ROOT = ['root'];
const BANK_A = ['bank-a', 'root'];
const BANK_B = ['bank-b', 'root'];

function entry(value: string, more: Partial<ListEntryData> = {}): ListEntryData {
  return { value, display: value, reason: 'fraud', source: 'manual', expiresAt: null, orgId: 'root', createdBy: 'u1', createdAt: 0, ...more };
}

function list(id: string, key: string, dimension: ListMeta['dimension'], more: Partial<ListMeta> = {}): ListMeta {
  return { id, key, kind: 'black', dimension, orgId: 'root', ...more };
}

describe('ListIndex exact lookups', () => {
  it('finds an entry with its list and normalises the looked-up value', () => {
    const idx = new ListIndex();
    idx.upsertList(list('p', 'phone_black', 'phone'));
    idx.addEntry('p', entry('+86 138-0013-8000', { reason: 'scam calls' }));
    const hit = idx.lookup('phone_black', '+8613800138000', ROOT, NOW);
    expect(hit).toMatchObject({ value: '+8613800138000', reason: 'scam calls', list: { id: 'p', kind: 'black' } });
    expect(idx.lookup('phone_black', '+86 138 0013 8000', ROOT, NOW)).toBe(hit);
    expect(idx.contains('phone_black', '+8613800138001', ROOT, NOW)).toBe(false);
    expect(idx.contains('other_key', '+8613800138000', ROOT, NOW)).toBe(false);
    expect(idx.contains('phone_black', { not: 'a phone' }, ROOT, NOW)).toBe(false);
    expect(Object.isFrozen(hit)).toBe(true);
  });

  it('hides expired entries', () => {
    const idx = new ListIndex();
    idx.upsertList(list('d', 'device_grey', 'device', { kind: 'grey' }));
    idx.addEntry('d', entry('dev-1', { expiresAt: NOW + 1 }));
    expect(idx.contains('device_grey', 'dev-1', ROOT, NOW)).toBe(true);
    expect(idx.contains('device_grey', 'dev-1', ROOT, NOW + 1)).toBe(false);
    expect(idx.purgeExpired(NOW + 1)).toBe(1);
    expect(idx.stats()).toEqual({ lists: 1, entries: 0 });
  });

  it('shows a list to its org and descendants, and an entry only to its own org subtree', () => {
    const idx = new ListIndex();
    idx.upsertList(list('shared', 'card_black', 'card'));
    idx.upsertList(list('a-only', 'card_black', 'card', { orgId: 'bank-a' }));
    idx.addEntry('shared', entry('tok_shared'));
    idx.addEntry('shared', entry('tok_added_by_a', { orgId: 'bank-a' }));
    idx.addEntry('a-only', entry('tok_a'));
    expect(idx.contains('card_black', 'tok_shared', BANK_A, NOW)).toBe(true);
    expect(idx.contains('card_black', 'tok_shared', BANK_B, NOW)).toBe(true);
    expect(idx.contains('card_black', 'tok_added_by_a', BANK_A, NOW)).toBe(true);
    expect(idx.contains('card_black', 'tok_added_by_a', BANK_B, NOW)).toBe(false);
    expect(idx.contains('card_black', 'tok_added_by_a', ROOT, NOW)).toBe(false);
    expect(idx.contains('card_black', 'tok_a', BANK_A, NOW)).toBe(true);
    expect(idx.contains('card_black', 'tok_a', BANK_B, NOW)).toBe(false);
    expect(idx.contains('card_black', 'tok_a', ROOT, NOW)).toBe(false);
  });

  it('prefers the most specific org, then the newest entry', () => {
    const idx = new ListIndex();
    idx.upsertList(list('root-list', 'ip_black', 'ip'));
    idx.upsertList(list('a-list', 'ip_black', 'ip', { orgId: 'bank-a' }));
    idx.addEntry('root-list', entry('10.0.0.1', { reason: 'root', createdAt: 5 }));
    idx.addEntry('a-list', entry('10.0.0.1', { reason: 'bank a', orgId: 'bank-a', createdAt: 1 }));
    expect(idx.lookup('ip_black', '10.0.0.1', BANK_A, NOW)?.reason).toBe('bank a');
    expect(idx.lookup('ip_black', '10.0.0.1', BANK_B, NOW)?.reason).toBe('root');
    idx.upsertList(list('root-list-2', 'ip_black', 'ip'));
    idx.addEntry('root-list-2', entry('10.0.0.1', { reason: 'newer', createdAt: 9 }));
    expect(idx.lookup('ip_black', '10.0.0.1', BANK_B, NOW)?.reason).toBe('newer');
  });

  it('replaces, removes and re-indexes entries', () => {
    const idx = new ListIndex();
    idx.upsertList(list('c', 'cust', 'customer'));
    idx.setEntries('c', [entry('C1'), entry('C2')]);
    idx.addEntry('c', entry('C1', { reason: 'updated' }));
    expect(idx.lookup('cust', 'C1', ROOT, NOW)?.reason).toBe('updated');
    expect(idx.stats().entries).toBe(2);
    expect(idx.removeEntry('c', ' C2 ')).toBe(true);
    expect(idx.removeEntry('c', 'C2')).toBe(false);
    expect(idx.contains('cust', 'C2', ROOT, NOW)).toBe(false);
    idx.setEntries('c', [entry('C3')]);
    expect(idx.contains('cust', 'C1', ROOT, NOW)).toBe(false);
    expect(idx.contains('cust', 'C3', ROOT, NOW)).toBe(true);
    idx.upsertList(list('c', 'cust_white', 'customer', { kind: 'white' }));
    expect(idx.contains('cust', 'C3', ROOT, NOW)).toBe(false);
    expect(idx.lookup('cust_white', 'C3', ROOT, NOW)?.list.kind).toBe('white');
    expect(idx.entries('c')).toEqual([entry('C3')]);
    idx.removeList('c');
    expect(idx.contains('cust_white', 'C3', ROOT, NOW)).toBe(false);
    expect(() => idx.addEntry('c', entry('x'))).toThrow(expect.objectContaining({ code: 'LIST_UNKNOWN' }));
  });

  it('refuses a bad value without changing anything', () => {
    const idx = new ListIndex();
    idx.upsertList(list('i', 'ip_black', 'ip'));
    idx.setEntries('i', [entry('10.0.0.1')]);
    expect(() => idx.setEntries('i', [entry('10.0.0.2'), entry('not-an-ip')])).toThrow(expect.objectContaining({ code: 'LIST_VALUE' }));
    expect(idx.contains('ip_black', '10.0.0.1', ROOT, NOW)).toBe(true);
    expect(() => idx.upsertList({ ...list('x', 'k', 'ip'), kind: 'red' as never })).toThrow(expect.objectContaining({ code: 'LIST_META' }));
  });
});

describe('ListIndex CIDR lookups', () => {
  const idx = new ListIndex();
  idx.upsertList(list('net', 'net_black', 'cidr'));
  idx.setEntries('net', [
    entry('10.0.0.0/8', { reason: 'private' }),
    entry('10.1.0.0/16', { reason: 'office' }),
    entry('203.0.113.7', { reason: 'single' }),
    entry('0.0.0.0/1', { reason: 'low half', expiresAt: NOW }),
    entry('2001:db8::/32', { reason: 'doc v6' }),
    entry('2001:db8:abcd::/48', { reason: 'doc v6 narrow' }),
  ]);

  it('matches an IPv4 address against the longest containing prefix', () => {
    expect(idx.lookup('net_black', '10.1.2.3', ROOT, NOW)?.reason).toBe('office');
    expect(idx.lookup('net_black', '10.200.0.1', ROOT, NOW)?.reason).toBe('private');
    expect(idx.lookup('net_black', '203.0.113.7', ROOT, NOW)?.reason).toBe('single');
    expect(idx.lookup('net_black', '203.0.113.8', ROOT, NOW)).toBeNull();
    expect(idx.lookup('net_black', '::ffff:10.1.9.9', ROOT, NOW)?.reason).toBe('office');
  });

  it('ignores expired networks', () => {
    expect(idx.lookup('net_black', '1.2.3.4', ROOT, NOW)).toBeNull();
    expect(idx.lookup('net_black', '1.2.3.4', ROOT, NOW - 1)?.reason).toBe('low half');
  });

  it('matches IPv6 addresses', () => {
    expect(idx.lookup('net_black', '2001:db8:abcd:1::5', ROOT, NOW)?.reason).toBe('doc v6 narrow');
    expect(idx.lookup('net_black', '2001:db8:1::5', ROOT, NOW)?.reason).toBe('doc v6');
    expect(idx.lookup('net_black', '2001:db9::1', ROOT, NOW)).toBeNull();
  });

  it('finds a network by its own canonical text', () => {
    expect(idx.lookup('net_black', '10.1.255.255/16', ROOT, NOW)?.reason).toBe('office');
  });

  it('with many networks finds the most specific one, as a full scan does', () => {
    const big = new ListIndex();
    big.upsertList(list('n', 'nets', 'cidr'));
    const entries: ListEntryData[] = [];
    for (let i = 0; i < 20_000; i++) entries.push(entry(`${(i >> 8) & 255}.${i & 255}.${(i * 7) & 255}.0/${24 - (i % 3) * 4}`));
    big.setEntries('n', entries);
    const toInt = (ip: string) => ip.split('.').reduce((x, o) => ((x << 8) | Number(o)) >>> 0, 0);
    // A network as [prefix length, network number]: equal networks compare equal whatever host bits were written.
    const network = (cidr: string) => {
      const [ip, len] = cidr.split('/') as [string, string];
      return [Number(len), toInt(ip) >>> (32 - Number(len))] as const;
    };
    const nets = entries.map((e) => network(e.value));
    let matched = 0;
    for (let i = 0; i < 1_000; i++) {
      // Half the addresses inside a listed network, half anywhere.
      const inside = entries[(i * 37) % entries.length]!.value.split('/')[0]!.replace(/\.0$/, '.1');
      const ip = i % 2 ? inside : `${i & 255}.${(i >> 3) & 255}.1.1`;
      const n = toInt(ip);
      let best: readonly [number, number] | null = null;
      for (const [len, net] of nets) if (n >>> (32 - len) === net && (!best || len > best[0])) best = [len, net];
      const hit = big.lookup('nets', ip, ROOT, NOW);
      expect(hit ? network(hit.value) : null, ip).toEqual(best);
      if (hit) matched++;
    }
    // not a vacuous comparison: every address inside a network matches
    expect(matched).toBeGreaterThanOrEqual(500);
  });
});

describe('ListIndex name matching', () => {
  const idx = new ListIndex();
  idx.upsertList(list('s', 'sanctions', 'name'));
  idx.upsertList(list('a', 'sanctions', 'name', { orgId: 'bank-a' }));
  idx.setEntries('s', [entry('Jonathan Smith'), entry('María José García'), entry('王小明'), entry('欧阳娜娜'), entry('Old Name', { expiresAt: NOW })]);
  idx.setEntries('a', [entry('Robert Brown')]);

  it('scores an exact normalised match 1', () => {
    expect(idx.nameMatch('sanctions', 'JONATHAN  SMITH', ROOT, NOW)).toMatchObject({ score: 1, entry: { value: 'jonathan smith' } });
    expect(idx.nameMatch('sanctions', 'Maria Jose Garcia', ROOT, NOW)?.score).toBe(1);
  });

  it('finds the most similar name above the threshold', () => {
    const m = idx.nameMatch('sanctions', 'Jonathon Smyth', ROOT, NOW);
    expect(m?.entry.value).toBe('jonathan smith');
    expect(m?.score).toBeCloseTo(jaroWinkler('jonathon smyth', 'jonathan smith'), 12);
    expect(idx.nameMatch('sanctions', 'Alice Cooper', ROOT, NOW)).toBeNull();
    expect(idx.nameMatch('sanctions', 'Jonathon Smyth', ROOT, NOW, 0.99)).toBeNull();
  });

  it('matches Chinese names', () => {
    expect(idx.nameMatch('sanctions', '王 小明', ROOT, NOW)?.score).toBe(1);
    expect(idx.nameMatch('sanctions', '王晓明', ROOT, NOW, 0.79)?.entry.value).toBe('王小明');
    expect(idx.nameMatch('sanctions', '欧阳娜', ROOT, NOW)?.entry.value).toBe('欧阳娜娜');
  });

  it('respects expiry and org visibility', () => {
    expect(idx.nameMatch('sanctions', 'Old Name', ROOT, NOW)).toBeNull();
    expect(idx.nameMatch('sanctions', 'Robert Browne', BANK_A, NOW)?.entry.value).toBe('robert brown');
    expect(idx.nameMatch('sanctions', 'Robert Browne', BANK_B, NOW)).toBeNull();
  });

  it('on a large list agrees with a full scan for typical typos', () => {
    let seed = 7;
    const rnd = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pick = <T>(a: readonly T[]) => a[Math.floor(rnd() * a.length)]!;
    const first = ['james', 'mary', 'john', 'patricia', 'robert', 'jennifer', 'michael', 'linda', 'william', 'elizabeth', 'david', 'barbara', 'richard', 'susan', 'joseph', 'jessica', 'thomas', 'sarah', 'charles', 'karen', 'mohammed', 'fatima', 'ahmed', 'aisha', 'wei', 'li', 'hiroshi', 'yuki', 'olga', 'ivan', 'sergei', 'natalia', 'carlos', 'lucia', 'jose', 'ana', 'pierre', 'marie', 'hans', 'greta'];
    const syll = ['ka', 'ro', 'mi', 'ten', 'vo', 'sha', 'lin', 'dor', 'bel', 'gar', 'mon', 'ter', 'zi', 'pa', 'quin', 'del', 'ruz', 'ov', 'ski', 'berg', 'son', 'ez', 'ier', 'ana', 'tu', 'ho', 'sen', 'nak', 'ura', 'mura'];
    const names = new Set<string>();
    while (names.size < 50_000) names.add(`${pick(first)} ${pick(syll)}${pick(syll)}${rnd() < 0.6 ? pick(syll) : ''}`);
    const all = [...names];
    const big = new ListIndex();
    big.upsertList(list('big', 'watch', 'name'));
    big.setEntries('big', all.map((n) => entry(n)));
    const typo = (s: string) => {
      const p = [...s];
      const i = 1 + Math.floor(rnd() * (p.length - 2));
      const k = rnd();
      if (k < 0.3) p[i] = pick([...'abcdefghijklmnopqrstuvwxyz']);
      else if (k < 0.6) p.splice(i, 1);
      else if (k < 0.8) p.splice(i, 0, pick([...'aeiou']));
      else [p[i], p[i + 1]] = [p[i + 1]!, p[i]!];
      return p.join('');
    };
    const queries = Array.from({ length: 80 }, () => typo(pick(all)));
    const got = queries.map((q) => big.nameMatch('watch', q, ROOT, NOW, 0.9));
    let agree = 0;
    const points = all.map((n) => codePoints(n));
    queries.forEach((q, i) => {
      const nq = codePoints(normaliseName(q));
      let best = 0;
      for (const n of points) best = Math.max(best, jaroWinklerPoints(nq, n));
      const expected = best >= 0.9 ? best : null;
      if ((got[i]?.score ?? null) === expected) agree++;
    });
    // The q-gram prefilter is a heuristic: it may miss a best match that shares few trigrams.
    expect(agree / queries.length).toBeGreaterThanOrEqual(0.95);
  });
});
