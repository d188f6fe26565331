import type { Bin, VariableBinning } from '../types.ts';

type BinSpec = Pick<Bin, 'label' | 'kind' | 'min' | 'max' | 'values'> & { good: number; bad: number };

/** A binning with WOE = ln(%good/%bad) and IV computed from the given counts (test data). */
export function binningOf(name: string, type: VariableBinning['type'], specs: BinSpec[]): VariableBinning {
  const tg = specs.reduce((s, b) => s + b.good, 0);
  const tb = specs.reduce((s, b) => s + b.bad, 0);
  const bins: Bin[] = specs.map(({ good, bad, ...rest }) => {
    const g = good / tg;
    const b = bad / tb;
    const woe = Math.log(g / b);
    return { ...rest, count: good + bad, good, bad, eventRate: bad / (good + bad), woe, iv: (g - b) * woe };
  });
  const iv = bins.reduce((s, b) => s + b.iv, 0);
  return { name, type, bins, iv, ivBand: iv < 0.02 ? 'useless' : iv < 0.1 ? 'weak' : iv < 0.3 ? 'medium' : iv < 0.5 ? 'strong' : 'suspicious', method: 'manual' };
}

/** Numeric, with a special value −1 (inside the first range) and a missing bin. */
export const AMOUNT = binningOf('amount', 'numeric', [
  { label: '< 1000', kind: 'range', max: 1000, good: 300, bad: 40 },
  { label: '[1000, 5000)', kind: 'range', min: 1000, max: 5000, good: 250, bad: 60 },
  { label: '>= 5000', kind: 'range', min: 5000, good: 90, bad: 70 },
  { label: 'Special: -1', kind: 'special', values: [-1], good: 20, bad: 15 },
  { label: 'Missing', kind: 'missing', good: 40, bad: 15 },
]);

export const CHANNEL = binningOf('channel', 'categorical', [
  { label: 'POS, ATM', kind: 'categories', values: ['POS', 'ATM'], good: 450, bad: 60 },
  { label: 'ECOM', kind: 'categories', values: ['ECOM'], good: 200, bad: 120 },
  { label: 'Missing', kind: 'missing', good: 50, bad: 20 },
]);

/** A value that falls in bin i of a binning, for scoring through the engine. */
export function valueInBin(bin: Bin): unknown {
  switch (bin.kind) {
    case 'missing':
      return null;
    case 'special':
    case 'categories':
      return bin.values![0];
    case 'range':
      return bin.min ?? bin.max! - 1;
  }
}
