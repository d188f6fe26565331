import type { Kysely } from 'kysely';
import type { DB } from '@vigil/storage';
import { ListIndex, listLookup } from '@vigil/engine';
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
    return listLookup(this.index, orgChain, now);
  }
}
