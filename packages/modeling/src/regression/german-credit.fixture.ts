import { existsSync, readFileSync } from 'node:fs';
import { GERMAN_CREDIT_PATH } from '../../test/german-credit.ts';

export { GERMAN_CREDIT_PATH };
/** True unless the checkout is broken: a copy of the data travels with the tests. */
export const hasGermanCredit = existsSync(GERMAN_CREDIT_PATH);

/** Splits one CSV line, honouring double quotes (some labels hold commas). */
function splitLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/**
 * The four numeric columns of the reference fit (duration, credit amount in thousands, instalment
 * rate, age) and y = 1 for a bad applicant. A test fixture only: the toolkit's CSV reader lives in data/.
 */
export function loadGermanNumeric(): { X: Float64Array[]; y: Uint8Array; names: string[] } {
  const lines = readFileSync(GERMAN_CREDIT_PATH, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = splitLine(lines[0]!);
  const idx = (name: string) => header.indexOf(name);
  const cols = ['duration_in_month', 'credit_amount', 'installment_rate_in_percentage_of_disposable_income', 'age_in_years'].map(idx);
  const target = idx('creditability');
  const n = lines.length - 1;
  const X = cols.map(() => new Float64Array(n));
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const f = splitLine(lines[i + 1]!);
    cols.forEach((c, j) => (X[j]![i] = Number(f[c]) / (j === 1 ? 1000 : 1)));
    y[i] = f[target] === 'bad' ? 1 : 0;
  }
  return { X, y, names: ['duration', 'amount_k', 'installment_rate', 'age'] };
}
