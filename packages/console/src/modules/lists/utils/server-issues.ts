import { isApiError } from '../../../api/api-error.ts';

export interface ServerIssue {
  path: string;
  code: string;
  message: string;
}

/** The per-field problems of a refused request (`details`, else its one `path`), for showing at their place. */
export function serverIssues(error: unknown): ServerIssue[] {
  if (!isApiError(error)) return [];
  if (error.details?.length) return error.details.map((d) => ({ path: d.path, code: d.code, message: d.message }));
  return error.path ? [{ path: error.path, code: error.code, message: error.message }] : [];
}

/**
 * The problems of each entry of an `entries` request, by index: `entries[2].value` → 2.
 *
 * @example issuesByEntry([{ path: 'entries[1].value', code: 'INVALID_VALUE', message: 'm' }]).get(1) // [{…}]
 */
export function issuesByEntry(issues: readonly ServerIssue[]): Map<number, ServerIssue[]> {
  const out = new Map<number, ServerIssue[]>();
  for (const i of issues) {
    const m = /^entries\[(\d+)\]/.exec(i.path);
    if (!m) continue;
    const n = Number(m[1]);
    out.set(n, [...(out.get(n) ?? []), i]);
  }
  return out;
}
