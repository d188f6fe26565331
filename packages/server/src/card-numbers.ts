import { luhnValid } from '@vigil/engine';
import { AppError, type ErrorDetail } from './errors.ts';

/** Runs of 13–19 digits, possibly grouped by spaces or dashes, as card numbers are written. */
const DIGIT_RUN = /\d(?:[ -]?\d){12,18}/g;

/**
 * Whether free text holds something that is a card number: a run of 13–19 digits (spaces and
 * dashes allowed between them) passing the Luhn check. Case records are kept for years and shown
 * to everyone working the case, so a card number is refused rather than masked: the subject of a
 * card case is its token.
 *
 * @example holdsCardNumber('card 4111 1111 1111 1111 stolen') // true
 * @example holdsCardNumber('ref 4111 1111 1111 1112') // false (fails the Luhn check)
 */
export function holdsCardNumber(text: string): boolean {
  // The same test as the engine's masking of free text (`maskCardNumbers`): each run as a whole.
  for (const m of text.matchAll(DIGIT_RUN)) if (luhnValid(m[0].replace(/[ -]/g, ''))) return true;
  return false;
}

/** The problem to report for a field holding a card number. */
export function cardNumberIssue(path: string): ErrorDetail {
  return { path, code: 'CARD_NUMBER_REFUSED', message: 'a card number must not be written here: refer to a card by its token or its masked form' };
}

/**
 * Refuses the request with `SENSITIVE_DATA_REFUSED` when any of the named text fields holds a card
 * number, naming each field. `undefined` and `null` values are skipped.
 */
export function refuseCardNumbers(fields: Record<string, string | null | undefined>): void {
  const details = Object.entries(fields)
    .filter(([, v]) => typeof v === 'string' && holdsCardNumber(v))
    .map(([path]) => cardNumberIssue(path));
  if (details.length) throw new AppError('SENSITIVE_DATA_REFUSED', `${details.map((d) => d.path).join(', ')} must not hold a card number; nothing was stored`, { details });
}
