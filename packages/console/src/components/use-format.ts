import { useMemo } from 'react';
import { useI18n } from '../i18n/use-i18n.ts';

export interface Formatters {
  /** A timestamp (ISO string or epoch ms) in the user's locale and time zone, to the second. */
  dateTime(value: string | number | Date | null | undefined): string;
  /** A number with the locale's grouping, at most `digits` decimals. */
  number(value: number | null | undefined, digits?: number): string;
  /** A share in [0, 1] as a percentage. */
  percent(value: number | null | undefined, digits?: number): string;
}

/** Locale-aware formatting of times and numbers for tables and charts. */
export function useFormat(): Formatters {
  const { locale } = useI18n();
  return useMemo(() => {
    const dt = new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
    return {
      dateTime: (v) => (v === null || v === undefined || v === '' ? '' : dt.format(new Date(v))),
      number: (v, digits = 2) => (v === null || v === undefined || !Number.isFinite(v) ? '' : new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(v)),
      percent: (v, digits = 1) => (v === null || v === undefined || !Number.isFinite(v) ? '' : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: digits }).format(v)),
    };
  }, [locale]);
}
