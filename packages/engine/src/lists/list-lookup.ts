import type { ListLookup } from '../evaluate.ts';
import type { ListIndex } from './list-index.ts';

/**
 * The lists as one evaluation sees them: bound to the event's org chain (its org and ancestors)
 * and to the decision time, so expired entries and other banks' lists stay out of sight.
 */
export function listLookup(index: ListIndex, orgChain: readonly string[], now: number): ListLookup {
  return {
    inList: (list, value) => index.contains(list, value, orgChain, now),
    listEntry: (list, value) => {
      const e = index.lookup(list, value, orgChain, now);
      return e ? { value: e.value, display: e.display, reason: e.reason, source: e.source, kind: e.list.kind } : null;
    },
    // Rules compare the similarity with their own threshold, so every candidate's best score counts.
    nameMatch: (list, name) => index.nameMatch(list, name, orgChain, now, 0)?.score ?? 0,
    lookup: (list, value) => {
      const e = index.lookup(list, value, orgChain, now);
      return e ? { reason: e.reason } : null;
    },
  };
}
