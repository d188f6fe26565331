import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { luhnValid } from '@vigil/engine';
import { cardNumber, mobilePhone, residentId } from '../src/identifiers.ts';
import { Rng } from '../src/rng.ts';

describe('Rng', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const xs = Array.from({ length: 100 }, () => a.u32());
    expect(Array.from({ length: 100 }, () => b.u32())).toEqual(xs);
    expect(Array.from({ length: 100 }, () => c.u32())).not.toEqual(xs);
  });

  it('draws uniform floats in [0, 1) with the right mean', () => {
    const r = new Rng(1);
    let sum = 0;
    for (let i = 0; i < 100_000; i++) {
      const x = r.float();
      expect(x >= 0 && x < 1).toBe(true);
      sum += x;
    }
    expect(Math.abs(sum / 100_000 - 0.5)).toBeLessThan(0.01);
  });

  it('draws Poisson counts with the right mean', () => {
    const r = new Rng(2);
    for (const mean of [0.3, 4, 80]) {
      let sum = 0;
      for (let i = 0; i < 20_000; i++) sum += r.poisson(mean);
      expect(Math.abs(sum / 20_000 - mean) / mean).toBeLessThan(0.05);
    }
  });
});

describe('identifiers', () => {
  it('makes distinct Luhn-valid card numbers of the requested length', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 16, max: 19 }), (serial, len) => {
        const pan = cardNumber('621458', serial, len);
        expect(pan).toHaveLength(len);
        expect(pan.startsWith('621458')).toBe(true);
        expect(luhnValid(pan)).toBe(true);
        expect(cardNumber('621458', serial + 1, len)).not.toBe(pan);
      }),
    );
  });

  it('makes +86 mobile numbers and identity numbers that are never mistaken for card numbers', () => {
    const r = new Rng(3);
    for (let i = 0; i < 5000; i++) {
      const phone = mobilePhone(r, i % 2 === 0);
      expect(phone).toMatch(/^\+861[3-9]\d{9}$/);
      expect(luhnValid(phone.slice(1))).toBe(false);
      const id = residentId(r, '330106', 1980);
      expect(id).toMatch(/^3301061980\d{7}[\dX]$/);
      expect(luhnValid(id.replace(/X$/, ''))).toBe(false);
    }
  });
});
