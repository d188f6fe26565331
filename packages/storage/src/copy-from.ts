import { CompiledQuery, type Kysely } from 'kysely';

/**
 * The data of one `COPY … FROM STDIN` statement, in PostgreSQL's text format, travelling as the
 * statement's only "parameter" to the driver: each driver feeds it to the server its own way
 * (node-postgres as CopyData messages, PGlite through its `/dev/blob` device).
 */
export class CopyData {
  constructor(readonly text: string) {}
}

/** The COPY data carried by a compiled query, if it is a COPY built by {@link copyFrom}. */
export function copyDataOf(query: CompiledQuery): CopyData | undefined {
  const p = query.parameters;
  return p.length === 1 && p[0] instanceof CopyData ? p[0] : undefined;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/**
 * Bulk-loads rows with `COPY table (columns) FROM STDIN` (text format: one row per line, fields
 * separated by tabs, each field escaped with {@link copyField}). Far cheaper per row than an
 * INSERT, but all or nothing: any failing row (a unique violation included) fails the statement
 * and stores none, so callers keep an INSERT path for that case. Runs on the executor given, so
 * inside a transaction it is part of it.
 *
 * @example
 * await copyFrom(db, 'scratch', ['id', 'note'], `${copyField(1)}\t${copyField('a\tb')}\n`);
 */
export async function copyFrom(db: Kysely<any>, table: string, columns: readonly string[], text: string): Promise<void> {
  if (!IDENTIFIER.test(table) || !columns.every((c) => IDENTIFIER.test(c))) throw new Error('copyFrom: table and column names must be plain lower-case identifiers');
  if (text === '') return;
  await db.executeQuery(CompiledQuery.raw(`copy ${table} (${columns.join(', ')}) from stdin`, [new CopyData(text)]));
}

const SPECIAL = /[\\\t\n\r]/;

/**
 * One field of a COPY text-format row: `\N` for null, booleans as `t`/`f`, numbers and strings as
 * their text with backslash, tab, newline and carriage return escaped. A string PostgreSQL text
 * cannot hold (a NUL, a lone surrogate) throws rather than being stored altered.
 */
export function copyField(value: string | number | boolean | null): string {
  if (value === null) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`copyField: ${value} has no exact text form`);
    return String(value);
  }
  if (value.includes('\0') || !wellFormed(value)) throw new Error('copyField: text with a NUL or a lone surrogate cannot be stored');
  return SPECIAL.test(value) ? value.replace(/[\\\t\n\r]/g, escapeChar) : value;
}

/** ES2024's String.prototype.isWellFormed: Node 20 has it, the project's `lib` (ES2023) does not declare it. */
function wellFormed(s: string): boolean {
  return (s as string & { isWellFormed(): boolean }).isWellFormed();
}

function escapeChar(c: string): string {
  return c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r';
}

/** Splits a COPY text-format row back into fields (`null` for `\N`): the inverse of {@link copyField} per field. */
export function parseCopyRow(line: string): Array<string | null> {
  return line.split('\t').map((f) => (f === '\\N' ? null : f.includes('\\') ? f.replace(/\\(.)/g, unescapeChar) : f));
}

function unescapeChar(_: string, c: string): string {
  return c === 't' ? '\t' : c === 'n' ? '\n' : c === 'r' ? '\r' : c;
}
