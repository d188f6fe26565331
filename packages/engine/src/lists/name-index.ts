import { codePoints, jaroWinklerRange } from './jaro-winkler.ts';

/** Sentinels padding a name so that its first and last characters form grams of their own. */
const START = 0x02;
const END = 0x03;
/** A candidate shares at least this fraction of the query's grams. */
const CANDIDATE_SHARE = 0.3;
/**
 * Roughly this many candidates, those sharing the most grams, get the full Jaro-Winkler
 * comparison (more when many tie at the cut-off count).
 */
const MAX_CANDIDATES = 200;
/**
 * Postings counted per query, beyond the {@link MIN_GRAMS} rarest grams of the query: a guard
 * for very large lists, where the most common grams are then left out.
 */
const POSTINGS_BUDGET = 20_000;
const MIN_GRAMS = 4;

/** Han, kana and Hangul: one character carries a syllable, so short grams suit them. */
function isCjk(c: number): boolean {
  return (
    (c >= 0x3040 && c <= 0x30ff) ||
    (c >= 0x3400 && c <= 0x9fff) ||
    (c >= 0xac00 && c <= 0xd7af) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0x1100 && c <= 0x11ff) ||
    (c >= 0x20000 && c <= 0x3ffff)
  );
}

/** A 30-bit key for a gram; a rare collision only adds a candidate, which Jaro-Winkler then ranks. */
function gramKey(tag: number, a: number, b: number, c: number): number {
  let h = Math.imul(tag ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ a, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 15) ^ b, 0x27d4eb2f);
  h = Math.imul(h ^ (h >>> 13) ^ c, 0x165667b1);
  return (h ^ (h >>> 16)) & 0x3fffffff;
}

/**
 * Distinct grams of a name: padded trigrams, which are selective enough to keep postings short on
 * large Latin-script lists; for CJK characters (two- and three-character names) padded bigrams
 * and single characters instead.
 */
function gramsOf(p: Int32Array): number[] {
  const out = new Set<number>();
  const at = (i: number) => (i < 0 ? START : i >= p.length ? END : p[i]!);
  for (let i = -1; i < p.length; i++) {
    const a = at(i);
    const b = at(i + 1);
    if (isCjk(a) || isCjk(b)) {
      out.add(gramKey(2, a, b, 0));
      if (isCjk(b)) out.add(gramKey(1, b, 0, 0));
    }
    if (i + 2 <= p.length) out.add(gramKey(3, a, b, at(i + 2)));
  }
  return [...out];
}

/**
 * Fuzzy lookup of normalised names: a q-gram prefilter ranks names by how many grams (trigrams,
 * or CJK bigrams and characters) they share with the query, then Jaro-Winkler scores only the
 * best-ranked ~200. The prefilter is a heuristic: a name sharing few grams with the query can be
 * missed even when its Jaro-Winkler score passes (e.g. two typos in a short name); on 50,000
 * generated names with single typos it agrees with a full scan on about 99% of queries.
 * Names are held once in one code point array; removal leaves tombstones until a rebuild.
 */
export class NameIndex<H> {
  private ids = new Map<string, number>();
  private names: string[] = [];
  private hits: H[][] = [];
  private start: number[] = [];
  private length: number[] = [];
  private arena = new Int32Array(1024);
  private used = 0;
  private postings = new Map<number, number[]>();
  private dead = 0;
  private counts = new Uint16Array(0);

  get size(): number {
    return this.ids.size;
  }

  add(name: string, hit: H): void {
    const id = this.ids.get(name);
    if (id !== undefined) {
      this.hits[id]!.push(hit);
      return;
    }
    const p = codePoints(name);
    const nid = this.names.length;
    this.ids.set(name, nid);
    this.names.push(name);
    this.hits.push([hit]);
    if (this.used + p.length > this.arena.length) {
      const grown = new Int32Array(Math.max(this.arena.length * 2, this.used + p.length));
      grown.set(this.arena.subarray(0, this.used));
      this.arena = grown;
    }
    this.arena.set(p, this.used);
    this.start.push(this.used);
    this.length.push(p.length);
    this.used += p.length;
    for (const g of gramsOf(p)) {
      const list = this.postings.get(g);
      if (list) list.push(nid);
      else this.postings.set(g, [nid]);
    }
  }

  remove(name: string, hit: H): void {
    const id = this.ids.get(name);
    if (id === undefined) return;
    const hs = this.hits[id]!.filter((h) => h !== hit);
    this.hits[id] = hs;
    if (hs.length > 0) return;
    this.ids.delete(name);
    this.dead++;
    if (this.dead > 1024 && this.dead > this.ids.size) this.rebuild();
  }

  /** Hits stored under exactly this name. */
  exact(name: string): readonly H[] {
    const id = this.ids.get(name);
    return id === undefined ? [] : this.hits[id]!;
  }

  /**
   * The most similar name scoring at least `minScore` whose hits `choose` accepts, with the hit it
   * chose. `query` must already be normalised like the stored names.
   */
  best(query: string, choose: (hits: readonly H[]) => H | null, minScore: number): { score: number; hit: H } | null {
    const exact = choose(this.exact(query));
    if (exact) return { score: 1, hit: exact };
    const q = codePoints(query);
    // Count the rarest grams first, up to a budget of postings: common grams ("an", "a ") would
    // cost a pass over most of a large list and say little about similarity.
    const lists: number[][] = [];
    for (const g of gramsOf(q)) {
      const list = this.postings.get(g);
      if (list) lists.push(list);
    }
    lists.sort((a, b) => a.length - b.length);
    if (this.counts.length < this.names.length) this.counts = new Uint16Array(Math.max(1024, this.names.length * 2));
    const counts = this.counts;
    const touched: number[] = [];
    let used = 0;
    let scanned = 0;
    for (const list of lists) {
      if (used >= MIN_GRAMS && scanned + list.length > POSTINGS_BUDGET) break;
      used++;
      scanned += list.length;
      for (let i = 0; i < list.length; i++) {
        const id = list[i]!;
        if (counts[id]++ === 0) touched.push(id);
      }
    }
    // Rank by shared grams without sorting: find the count from which the best MAX_CANDIDATES start.
    const histogram = new Uint32Array(used + 1);
    for (const id of touched) histogram[counts[id]!]!++;
    let cut = used;
    for (let taken = histogram[cut]!; cut > 1 && taken + histogram[cut - 1]! <= MAX_CANDIDATES; ) taken += histogram[--cut]!;
    const threshold = Math.max(cut, Math.ceil(used * CANDIDATE_SHARE), 1);
    let best: { score: number; hit: H } | null = null;
    for (const id of touched) {
      if (counts[id]! < threshold) continue;
      const hs = this.hits[id]!;
      if (hs.length === 0) continue;
      const score = jaroWinklerRange(q, 0, q.length, this.arena, this.start[id]!, this.length[id]!);
      if (score < minScore || (best && score <= best.score)) continue;
      const hit = choose(hs);
      if (hit) best = { score, hit };
    }
    for (const id of touched) counts[id] = 0;
    return best;
  }

  private rebuild(): void {
    const live = [...this.ids.keys()].map((name) => [name, this.hits[this.ids.get(name)!]!] as const);
    this.ids = new Map();
    this.names = [];
    this.hits = [];
    this.start = [];
    this.length = [];
    this.arena = new Int32Array(1024);
    this.used = 0;
    this.postings = new Map();
    this.dead = 0;
    for (const [name, hs] of live) for (const h of hs) this.add(name, h);
  }
}
