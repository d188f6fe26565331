import type { VariableBinning } from './artefact-types.ts';

/** The most groups a categorical binning takes (the API's limit). */
export const MAX_GROUPS = 50;

/** The category groups of a categorical binning, as the API takes them back (`groups`). */
export function groupsOfBinning(b: Pick<VariableBinning, 'bins'>): string[][] {
  return b.bins.filter((bin) => bin.kind === 'categories').map((bin) => (bin.values ?? []).map(String));
}

/** Which group holds `category` (-1: none). */
export function groupOf(groups: readonly string[][], category: string): number {
  return groups.findIndex((g) => g.includes(category));
}

/**
 * Moves a category into group `to` (`groups.length`: a new group of its own); a group left
 * empty disappears.
 *
 * @example
 * moveCategory([['A', 'B'], ['C']], 'B', 1) // [['A'], ['C', 'B']]
 */
export function moveCategory(groups: readonly string[][], category: string, to: number): string[][] {
  const out = groups.map((g) => g.filter((c) => c !== category));
  if (to >= out.length) out.push([category]);
  else out[to] = [...out[to]!, category];
  return out.filter((g) => g.length > 0);
}

/** Every category in a group of its own (the finest grouping, to merge from). */
export function splitAll(groups: readonly string[][]): string[][] {
  return groups.flat().map((c) => [c]);
}

/** Groups merged into one (`indexes` in any order; the first keeps its place). */
export function mergeGroups(groups: readonly string[][], indexes: readonly number[]): string[][] {
  const picked = [...new Set(indexes)].filter((i) => i >= 0 && i < groups.length).sort((a, b) => a - b);
  if (picked.length < 2) return groups.map((g) => [...g]);
  const merged = picked.flatMap((i) => groups[i]!);
  return groups.flatMap((g, i) => (i === picked[0] ? [merged] : picked.includes(i) ? [] : [[...g]]));
}

export type GroupIssueCode = 'EMPTY' | 'DUPLICATE' | 'TOO_MANY' | 'ONE_GROUP';

/** Problems of a grouping that the API would refuse or that would make a useless characteristic. */
export function validateGroups(groups: readonly string[][]): GroupIssueCode[] {
  const issues: GroupIssueCode[] = [];
  if (groups.some((g) => g.length === 0)) issues.push('EMPTY');
  const all = groups.flat();
  if (new Set(all).size !== all.length) issues.push('DUPLICATE');
  if (groups.length > MAX_GROUPS) issues.push('TOO_MANY');
  if (groups.length === 1) issues.push('ONE_GROUP');
  return issues;
}

/** Whether two groupings put the categories together the same way (order of groups and members aside). */
export function sameGroups(a: readonly string[][] | undefined, b: readonly string[][] | undefined): boolean {
  const key = (gs: readonly string[][] | undefined) =>
    (gs ?? [])
      .map((g) => [...g].sort().join('\u0000'))
      .sort()
      .join('\u0001');
  return key(a) === key(b);
}
