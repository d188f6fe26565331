import { BinningError } from './binning-error.ts';

/** Throws an `INVALID_OPTION` error unless `value` is an integer within [min, max]. */
export function checkInteger(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new BinningError('INVALID_OPTION', `${name} must be an integer from ${min} to ${max}, got ${value}`);
  }
  return value;
}

/** Throws an `INVALID_OPTION` error unless `value` is a number within [min, max). */
export function checkShare(name: string, value: number, min: number, max: number): number {
  if (!(value >= min && value < max)) throw new BinningError('INVALID_OPTION', `${name} must be at least ${min} and below ${max}, got ${value}`);
  return value;
}
