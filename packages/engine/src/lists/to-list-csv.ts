import { maskCardNumbers } from './mask-card-numbers.ts';
import type { ListEntryData } from './types.ts';

export interface ListCsvOptions {
  /** A card list: the value column carries `display` (masked), never the token or a number. */
  cardList?: boolean;
}

const HEADER = 'value,display,reason,source,expires_at,created_by,created_at';

/**
 * Exports entries as RFC 4180 CSV with CRLF line ends. Card numbers never leave: for card lists
 * the value column is the masked `display`, and anything shaped like a card number in the text
 * columns is masked as well. Cells a spreadsheet would run as a formula (`=`, `+`, `-`, `@`) get a
 * leading apostrophe, which {@link parseListCsv} removes again; phone numbers like `+86…` are left
 * alone.
 *
 * @example toListCsv(entries, {cardList: true})
 */
export function toListCsv(entries: ListEntryData[], options: ListCsvOptions = {}): string {
  const lines = [HEADER];
  for (const e of entries) {
    const display = maskCardNumbers(e.display ?? '');
    lines.push(
      [
        options.cardList ? display : e.value,
        display,
        maskCardNumbers(e.reason ?? ''),
        maskCardNumbers(e.source ?? ''),
        e.expiresAt === null || e.expiresAt === undefined ? '' : new Date(e.expiresAt).toISOString(),
        maskCardNumbers(e.createdBy ?? ''),
        new Date(e.createdAt).toISOString(),
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}

/** One RFC 4180 cell, with a leading apostrophe on anything a spreadsheet would run as a formula. */
export function csvCell(s: string): string {
  if (/^[=@\t\r]/.test(s) || (/^[+-]/.test(s) && !/^[+-][\d\s().-]*$/.test(s))) s = `'${s}`;
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
