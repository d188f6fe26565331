import { describe, expect, it } from 'vitest';
import { formatIp, parseCidr, parseIp } from './ip-address.ts';
import { normaliseListValue, tryNormaliseListValue } from './normalise-list-value.ts';
import { normaliseName } from './normalise-name.ts';

describe('normaliseName', () => {
  it.each([
    ['  José  O’Brien-Smith ', 'jose obrien smith'],
    ['MÜLLER, Hans-Jürgen', 'muller hans jurgen'],
    ['Straße', 'strasse'],
    ['Ｊｏｈｎ　ＳＭＩＴＨ', 'john smith'],
    ['J.R.R. Tolkien', 'jrr tolkien'],
    ['Łukasz Żółć', 'lukasz zolc'],
    ['张 伟', '张伟'],
    ['阿卜杜拉·买买提', '阿卜杜拉买买提'],
    ['王　小明', '王小明'],
    ['Li Na 李娜', 'li na 李娜'],
    ['がくと', 'がくと'],
    ['', ''],
  ])('%j → %j', (raw, expected) => expect(normaliseName(raw)).toBe(expected));
});

describe('normaliseListValue', () => {
  it.each([
    ['phone', ' +86 138-0013-8000 ', '+8613800138000'],
    ['phone', '(010) 6552 9988', '01065529988'],
    ['phone', '＋８６１３８００１３８０００', '+8613800138000'],
    ['customer', ' C-0001 ', 'C-0001'],
    ['customer', ' Alice@Example.COM ', 'alice@example.com'],
    ['device', 'Dev-ABC', 'Dev-ABC'],
    ['card', ' tok_AbC ', 'tok_AbC'],
    ['text', '  Hello   WORLD ', 'hello world'],
    ['name', 'José García', 'jose garcia'],
    ['ip', ' 192.168.001.1 '.replace('001', '1'), '192.168.1.1'],
    ['ip', '2001:0DB8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['ip', '2001:db8:0:1:0:0:0:1', '2001:db8:0:1::1'],
    ['ip', '::ffff:10.1.2.3', '10.1.2.3'],
    ['ip', 'fe80::1%eth0', 'fe80::1'],
    ['cidr', '10.1.2.3/8', '10.0.0.0/8'],
    ['cidr', '10.1.2.3', '10.1.2.3/32'],
    ['cidr', '2001:db8::ff/32', '2001:db8::/32'],
    ['cidr', '0.0.0.0/0', '0.0.0.0/0'],
  ] as const)('%s %j → %j', (dim, raw, expected) => expect(normaliseListValue(dim, raw)).toBe(expected));

  it.each([
    ['ip', '256.1.1.1'],
    ['ip', '01.2.3.4'],
    ['ip', '1:2:3:4:5:6:7:8:9'],
    ['ip', '1::2::3'],
    ['cidr', '10.0.0.0/33'],
    ['cidr', '10.0.0.0/x'],
    ['phone', 'n/a'],
    ['customer', '   '],
  ] as const)('refuses %s %j with LIST_VALUE', (dim, raw) => {
    expect(() => normaliseListValue(dim, raw)).toThrow(expect.objectContaining({ code: 'LIST_VALUE' }));
    expect(tryNormaliseListValue(dim, raw)).toBeNull();
  });

  it('looks up numbers as their text and ignores other types', () => {
    expect(tryNormaliseListValue('customer', 42)).toBe('42');
    expect(tryNormaliseListValue('customer', { id: 1 })).toBeNull();
    expect(tryNormaliseListValue('ip', null)).toBeNull();
  });
});

describe('ip addresses', () => {
  it('round-trips canonical forms', () => {
    for (const s of ['0.0.0.0', '255.255.255.255', '::', '::1', '1::', '2001:db8::8:800:200c:417a', 'ff02::1:ff00:0']) {
      expect(formatIp(parseIp(s)!)).toBe(s);
    }
  });

  it('compresses the longest zero run, the first on a tie, never a single zero word', () => {
    expect(formatIp(parseIp('1:0:0:2:0:0:0:3')!)).toBe('1:0:0:2::3');
    expect(formatIp(parseIp('1:0:0:2:0:0:3:4')!)).toBe('1::2:0:0:3:4');
    expect(formatIp(parseIp('1:0:2:3:4:5:6:7')!)).toBe('1:0:2:3:4:5:6:7');
  });

  it('parses mapped CIDRs as IPv4 networks', () => {
    expect(parseCidr('::ffff:10.0.0.0/104')).toEqual({ ip: { v: 4, n: 0x0a000000 }, len: 8 });
  });
});
