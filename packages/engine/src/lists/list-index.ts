import { ipv4Mask, ipv6InNetwork, parseCidr, parseIp } from './ip-address.ts';
import { ListError } from './list-error.ts';
import { NameIndex } from './name-index.ts';
import { normaliseName } from './normalise-name.ts';
import { normaliseListValue, tryNormaliseListValue } from './normalise-list-value.ts';
import type { ListDimension, ListEntryData, ListHit, ListKind, ListMeta, NameMatch } from './types.ts';

const KINDS: readonly ListKind[] = ['black', 'white', 'grey'];
const DIMENSIONS: readonly ListDimension[] = ['customer', 'account', 'card', 'phone', 'device', 'ip', 'cidr', 'merchant', 'terminal', 'name', 'text'];
/** Default similarity below which {@link ListIndex.nameMatch} reports no match. */
export const DEFAULT_NAME_MATCH_SCORE = 0.8;

interface ListState {
  meta: Readonly<ListMeta>;
  /** Normalised value → entry with its list. */
  entries: Map<string, ListHit>;
}

/** Everything indexed under one list key (several lists share a key across orgs). */
interface KeyIndex {
  exact: Map<ListDimension, Map<string, ListHit[]>>;
  /** Prefix length → network → entries; lengths kept longest first for most-specific-first. */
  cidr4: Map<number, Map<number, ListHit[]>>;
  cidr4Lengths: number[];
  /** IPv6 networks, longest prefix first; matched linearly (v6 lists are short). */
  cidr6: Array<{ net: number[]; len: number; hit: ListHit }>;
  names: NameIndex<ListHit> | null;
}

/**
 * In-memory index of lists for the engine: exact lookups are one Map access per dimension, CIDR
 * lookups one per IPv4 prefix length in use, fuzzy name lookups a q-gram prefilter plus
 * Jaro-Winkler. Visibility is decided per lookup: an entry is seen by an event when both its
 * list's org and the entry's own org are in the event's org chain (its org and ancestors) and it
 * has not expired. Among several visible matches the most specific org wins (earliest in the
 * chain), then the longest CIDR prefix, then the newest entry.
 *
 * @example
 * const idx = new ListIndex();
 * idx.upsertList({id: 'l1', key: 'card_black', kind: 'black', dimension: 'card', orgId: 'root'});
 * idx.addEntry('l1', {value: 'tok_abc', display: '411111******1111', reason: 'fraud', source: 'case', expiresAt: null, orgId: 'root', createdBy: 'u1', createdAt: 0});
 * idx.lookup('card_black', 'tok_abc', ['bank-a', 'root'], Date.now()); // → the entry, with its list
 */
export class ListIndex {
  private readonly lists = new Map<string, ListState>();
  private readonly keys = new Map<string, KeyIndex>();

  /** Adds a list or changes one; changing its key or dimension re-indexes its entries. */
  upsertList(meta: ListMeta): void {
    if (!KINDS.includes(meta.kind)) throw new ListError('LIST_META', `unknown list kind ${JSON.stringify(meta.kind)}`);
    if (!DIMENSIONS.includes(meta.dimension)) throw new ListError('LIST_META', `unknown list dimension ${JSON.stringify(meta.dimension)}`);
    const frozen = Object.freeze({ id: meta.id, key: meta.key, kind: meta.kind, dimension: meta.dimension, orgId: meta.orgId });
    const state = this.lists.get(meta.id);
    if (!state) {
      this.lists.set(meta.id, { meta: frozen, entries: new Map() });
      return;
    }
    const old = state.meta;
    if (old.key === frozen.key && old.kind === frozen.kind && old.dimension === frozen.dimension && old.orgId === frozen.orgId) return;
    const entries = [...state.entries.values()];
    // Normalise under the new dimension first, so a refused change leaves the list as it was.
    const renormalised = entries.map((e) => normaliseListValue(frozen.dimension, e.value));
    for (const hit of entries) this.unindex(hit);
    state.meta = frozen;
    state.entries = new Map();
    entries.forEach((e, i) => this.put(state, e, renormalised[i]!));
  }

  removeList(id: string): void {
    const state = this.lists.get(id);
    if (!state) return;
    for (const hit of state.entries.values()) this.unindex(hit);
    this.lists.delete(id);
  }

  /** Replaces all entries of a list. Every value is normalised before anything changes. */
  setEntries(listId: string, entries: ListEntryData[]): void {
    const state = this.state(listId);
    const values = entries.map((e) => normaliseListValue(state.meta.dimension, e.value));
    for (const hit of state.entries.values()) this.unindex(hit);
    state.entries = new Map();
    entries.forEach((e, i) => this.put(state, e, values[i]!));
  }

  /** Adds an entry, replacing any entry of the list with the same normalised value. */
  addEntry(listId: string, entry: ListEntryData): void {
    const state = this.state(listId);
    this.put(state, entry, normaliseListValue(state.meta.dimension, entry.value));
  }

  /** Removes the entry with this value (normalised like the list's values); false when absent. */
  removeEntry(listId: string, value: string): boolean {
    const state = this.state(listId);
    const v = tryNormaliseListValue(state.meta.dimension, value);
    const hit = v === null ? undefined : state.entries.get(v);
    if (!hit) return false;
    this.unindex(hit);
    state.entries.delete(hit.value);
    return true;
  }

  /** Drops expired entries (lookups already ignore them); returns how many went. */
  purgeExpired(now: number): number {
    let n = 0;
    for (const state of this.lists.values()) {
      for (const [v, hit] of state.entries) {
        if (hit.expiresAt !== null && hit.expiresAt <= now) {
          this.unindex(hit);
          state.entries.delete(v);
          n++;
        }
      }
    }
    return n;
  }

  /** The entries of a list, e.g. for export. */
  entries(listId: string): ListEntryData[] {
    return [...this.state(listId).entries.values()].map(({ list: _list, ...e }) => e);
  }

  stats(): { lists: number; entries: number } {
    let entries = 0;
    for (const s of this.lists.values()) entries += s.entries.size;
    return { lists: this.lists.size, entries };
  }

  /**
   * The visible entry matching `value` in the lists named `key`, or null. The value is normalised
   * per list dimension (a value that cannot be normalised matches nothing); for `cidr` lists an IP
   * address matches every network containing it.
   *
   * @example idx.lookup('ip_black', '203.0.113.9', ['bank-a', 'root'], now)
   */
  lookup(key: string, value: unknown, orgChain: readonly string[], now: number): ListHit | null {
    const k = this.keys.get(key);
    if (!k) return null;
    let best: ListHit | null = null;
    for (const [dim, map] of k.exact) {
      const v = tryNormaliseListValue(dim, value);
      if (v !== null) best = pick(best, map.get(v), orgChain, now);
    }
    if (best || (k.cidr4Lengths.length === 0 && k.cidr6.length === 0) || typeof value !== 'string') return best;
    const ip = parseIp(value);
    if (!ip) return null;
    if (ip.v === 4) {
      for (const len of k.cidr4Lengths) {
        best = pick(null, k.cidr4.get(len)!.get((ip.n & ipv4Mask(len)) >>> 0), orgChain, now);
        if (best) return best;
      }
      return null;
    }
    for (const c of k.cidr6) {
      if (ipv6InNetwork(ip.w, c.net, c.len)) {
        best = pick(null, [c.hit], orgChain, now);
        if (best) return best;
      }
    }
    return null;
  }

  /** True when {@link lookup} finds a visible entry. */
  contains(key: string, value: unknown, orgChain: readonly string[], now: number): boolean {
    return this.lookup(key, value, orgChain, now) !== null;
  }

  /**
   * The visible name-list entry most similar to `name` (Jaro-Winkler on normalised names), or null
   * when none scores at least `minScore` (default 0.8). An exact normalised match scores 1.
   *
   * @example idx.nameMatch('sanctions', 'Jon Smith', ['root'], now) // {score: 0.96…, entry}
   */
  nameMatch(key: string, name: string, orgChain: readonly string[], now: number, minScore = DEFAULT_NAME_MATCH_SCORE): NameMatch | null {
    const names = this.keys.get(key)?.names;
    if (!names || typeof name !== 'string') return null;
    const q = normaliseName(name);
    if (q === '') return null;
    const found = names.best(q, (hits) => pick(null, hits, orgChain, now), minScore);
    return found ? { score: found.score, entry: found.hit } : null;
  }

  private state(listId: string): ListState {
    const s = this.lists.get(listId);
    if (!s) throw new ListError('LIST_UNKNOWN', `list ${listId} is not indexed`);
    return s;
  }

  private put(state: ListState, entry: ListEntryData, value: string): void {
    const old = state.entries.get(value);
    if (old) this.unindex(old);
    const hit: ListHit = Object.freeze({
      value,
      display: entry.display,
      reason: entry.reason,
      source: entry.source,
      expiresAt: entry.expiresAt,
      orgId: entry.orgId,
      createdBy: entry.createdBy,
      createdAt: entry.createdAt,
      list: state.meta,
    });
    state.entries.set(value, hit);
    this.index(hit);
  }

  private keyIndex(key: string): KeyIndex {
    let k = this.keys.get(key);
    if (!k) {
      k = { exact: new Map(), cidr4: new Map(), cidr4Lengths: [], cidr6: [], names: null };
      this.keys.set(key, k);
    }
    return k;
  }

  private index(hit: ListHit): void {
    const k = this.keyIndex(hit.list.key);
    const dim = hit.list.dimension;
    let map = k.exact.get(dim);
    if (!map) k.exact.set(dim, (map = new Map()));
    const same = map.get(hit.value);
    if (same) same.push(hit);
    else map.set(hit.value, [hit]);
    if (dim === 'name') (k.names ??= new NameIndex<ListHit>()).add(hit.value, hit);
    if (dim !== 'cidr') return;
    const c = parseCidr(hit.value)!;
    if (c.ip.v === 4) {
      let nets = k.cidr4.get(c.len);
      if (!nets) {
        k.cidr4.set(c.len, (nets = new Map()));
        k.cidr4Lengths = [...k.cidr4.keys()].sort((a, b) => b - a);
      }
      const list = nets.get(c.ip.n);
      if (list) list.push(hit);
      else nets.set(c.ip.n, [hit]);
    } else {
      k.cidr6.push({ net: c.ip.w, len: c.len, hit });
      k.cidr6.sort((a, b) => b.len - a.len);
    }
  }

  private unindex(hit: ListHit): void {
    const k = this.keys.get(hit.list.key);
    if (!k) return;
    const dim = hit.list.dimension;
    const map = k.exact.get(dim);
    const same = map?.get(hit.value)?.filter((h) => h !== hit);
    if (same?.length) map!.set(hit.value, same);
    else map?.delete(hit.value);
    if (map?.size === 0) k.exact.delete(dim);
    if (dim === 'name') k.names?.remove(hit.value, hit);
    if (dim === 'cidr') {
      const c = parseCidr(hit.value)!;
      if (c.ip.v === 4) {
        const nets = k.cidr4.get(c.len);
        const rest = nets?.get(c.ip.n)?.filter((h) => h !== hit);
        if (rest?.length) nets!.set(c.ip.n, rest);
        else nets?.delete(c.ip.n);
        if (nets?.size === 0) {
          k.cidr4.delete(c.len);
          k.cidr4Lengths = [...k.cidr4.keys()].sort((a, b) => b - a);
        }
      } else k.cidr6 = k.cidr6.filter((x) => x.hit !== hit);
    }
    if (k.exact.size === 0 && k.cidr4.size === 0 && k.cidr6.length === 0) this.keys.delete(hit.list.key);
  }
}

function visible(hit: ListHit, orgChain: readonly string[], now: number): boolean {
  return (hit.expiresAt === null || hit.expiresAt > now) && orgChain.includes(hit.list.orgId) && orgChain.includes(hit.orgId);
}

/** The better of `best` and the visible hits: most specific org first, then the newest. */
function pick(best: ListHit | null, hits: readonly ListHit[] | undefined, orgChain: readonly string[], now: number): ListHit | null {
  if (!hits) return best;
  for (const h of hits) {
    if (!visible(h, orgChain, now)) continue;
    if (!best) {
      best = h;
      continue;
    }
    const rank = orgChain.indexOf(h.orgId);
    const bestRank = orgChain.indexOf(best.orgId);
    if (rank < bestRank || (rank === bestRank && h.createdAt > best.createdAt)) best = h;
  }
  return best;
}
