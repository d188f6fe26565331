import { isPanShaped, maskPan, type PanTokenizer } from '../event-data.ts';
import type { ListLookup } from '../evaluate.ts';
import { listLookup, ListError, ListIndex, normaliseName, parseCidr, parseIp, type ListDimension } from '../lists/index.ts';

const ORG = 'test_case';
const CHAIN = [ORG];

/**
 * A {@link ListLookup} answering from the members a test case lists, by list key; every other
 * list is empty. Members are indexed the way the live index would hold them, in a dimension read
 * from their shape: card numbers are tokenised with the case tokenizer (so they match the
 * tokenised event field), `a.b.c.d/n` networks match every address inside them, IP addresses
 * match in canonical form, anything else matches as an identifier (trimmed; e-mail addresses
 * ignore case). `nameMatch` compares every member that is not a card number as a name
 * (Jaro-Winkler on normalised names, as live). `listEntry` reports `kind: 'black'` and
 * `source: 'test_case'`: a case says only what is listed.
 *
 * Problems (a member that is not a string or normalises to nothing) are returned, not thrown.
 *
 * @example testCaseLists({card_blacklist: ['6222020000000000018']}, tokenizer, at).lookup.inList('card_blacklist', token) // true
 */
export function testCaseLists(lists: Record<string, unknown> | undefined, tokenizer: PanTokenizer, at: number): { lookup: ListLookup; problems: string[] } {
  const exact = new ListIndex();
  const names = new ListIndex();
  const problems: string[] = [];
  const created = new Set<string>();
  const add = (index: ListIndex, key: string, dimension: ListDimension, value: string, display: string) => {
    // One list per key and dimension; only `names` holds the dimension `name`, so ids never clash.
    const id = `${dimension}\u0001${key}`;
    if (!created.has(id)) {
      index.upsertList({ id, key, kind: 'black', dimension, orgId: ORG });
      created.add(id);
    }
    index.addEntry(id, { value, display, reason: 'listed by the test case', source: 'test_case', expiresAt: null, orgId: ORG, createdBy: 'test_case', createdAt: 0 });
  };

  for (const [key, members] of Object.entries(lists ?? {})) {
    if (!Array.isArray(members)) {
      problems.push(`lists.${key}: must be a list of values`);
      continue;
    }
    members.forEach((m, i) => {
      const path = `lists.${key}[${i}]`;
      if (typeof m !== 'string') return problems.push(`${path}: must be a string`);
      try {
        if (isPanShaped(m)) return add(exact, key, 'card', tokenizer.tokenize(m), maskPan(m));
        const dimension: ListDimension = m.includes('/') && parseCidr(m.trim()) ? 'cidr' : parseIp(m.trim()) ? 'ip' : 'customer';
        add(exact, key, dimension, m, m);
        if (normaliseName(m) !== '') add(names, key, 'name', m, m);
      } catch (e) {
        if (!(e instanceof ListError)) throw e;
        problems.push(`${path}: not a usable list value`);
      }
    });
  }

  return {
    problems,
    // Names are matched against their own index, where every value is kept as a name.
    lookup: { ...listLookup(exact, CHAIN, at), nameMatch: (list, name) => names.nameMatch(list, name, CHAIN, at, 0)?.score ?? 0 },
  };
}
