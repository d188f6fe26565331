import type { Bin } from '../types.ts';
import { binStats } from './woe.ts';

/** The parts of a bin that say which values it holds. */
export type BinShape = Pick<Bin, 'label' | 'kind'> & Partial<Pick<Bin, 'min' | 'max' | 'values' | 'other'>>;

/**
 * A complete bin from its shape and counts, with event rate, WOE and IV contribution filled in.
 *
 * @example
 * makeBin({ label: 'Missing', kind: 'missing' }, 30, 10, 700, 300).woe; // ln((30/700)/(10/300)) = 0.2513
 */
export function makeBin(shape: BinShape, good: number, bad: number, totalGood: number, totalBad: number): Bin {
  const s = binStats(good, bad, totalGood, totalBad);
  return { ...shape, count: good + bad, bad, good, eventRate: s.eventRate, woe: s.woe, iv: s.iv };
}
