import type { RiskList } from '../../../api/types.ts';

export interface ListFilter {
  text?: string;
  kind?: string;
  dimension?: string;
}

/** Lists matching a free-text search (key, both names, description) and kind/dimension choices. */
export function filterLists(lists: readonly RiskList[], f: ListFilter): RiskList[] {
  const needle = f.text?.trim().toLowerCase() ?? '';
  return lists.filter(
    (l) =>
      (!f.kind || l.kind === f.kind) &&
      (!f.dimension || l.dimension === f.dimension) &&
      (!needle || [l.key, l.name.zh, l.name.en, l.description].some((s) => s.toLowerCase().includes(needle))),
  );
}
