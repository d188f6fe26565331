import type { Kysely } from 'kysely';
import type { DB } from '@vigil/storage';
import { ListIndex } from '@vigil/engine';
import type { ListLookup } from '@vigil/engine';
import { loadAllLists } from '../repos/lists.ts';
import { coalesced } from './coalesced.ts';

/**
 * The in-memory list index every decision reads, reloaded from the database on change.
 * `orgChain` decides visibility: an event sees its own bank's lists and the union's shared ones.
 */
export class ListService {
  private index = new ListIndex();

  constructor(private readonly db: Kysely<DB>) {}

  /** Rebuilds the index from the database; a burst of list writes costs at most two loads. */
  readonly reload = coalesced(async () => {
    const next = new ListIndex();
    for (const { meta, entries } of await loadAllLists(this.db)) {
      next.upsertList(meta);
      next.setEntries(meta.id, entries);
    }
    this.index = next;
  });

  get current(): ListIndex {
    return this.index;
  }

  /** A per-decision view bound to the event's org chain and the decision time. */
  lookupFor(orgChain: string[], now: number): ListLookup {
    const index = this.index;
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
}
