/** One CSV record and the physical line it starts on (1-based). */
export interface CsvRecord {
  line: number;
  fields: string[];
  /** Set when the record is malformed: a quote closed in the middle of a field. */
  error?: string;
}

/**
 * Splits RFC 4180 text into records: fields separated by commas, records by CRLF, LF or CR,
 * fields optionally quoted with `"` (a doubled `""` is a quote; commas and line breaks inside
 * quotes are data). A leading byte-order mark is skipped. Yields an `error` record for a quoted
 * field followed by anything but a separator, and for a quote left open at the end of the text
 * (which swallows the rest of the text, so nothing follows it).
 */
export function* csvRecords(text: string): Generator<CsvRecord> {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    let error: string | undefined;
    for (;;) {
      let field = '';
      if (text[i] === '"') {
        i++;
        let closed = false;
        while (i < n) {
          const c = text[i]!;
          if (c === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
          field += c;
          i++;
        }
        if (!closed) {
          yield { line: start, fields: [...fields, field], error: 'a quoted field is never closed' };
          return;
        }
        if (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
          error ??= 'a quoted field must be followed by a comma or the end of the line';
          while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') field += text[i++];
        }
      } else {
        const from = i;
        while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') i++;
        field = text.slice(from, i);
      }
      fields.push(field);
      if (i < n && text[i] === ',') {
        i++;
        continue;
      }
      break;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    line++;
    yield error ? { line: start, fields, error } : { line: start, fields };
  }
}

/** True for a record holding nothing at all (a blank line). */
export function isBlank(r: CsvRecord): boolean {
  return r.fields.length === 1 && r.fields[0]!.trim() === '';
}
