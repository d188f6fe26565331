export type ListKind = 'black' | 'white' | 'grey';
export type ListDimension = 'customer' | 'account' | 'card' | 'phone' | 'device' | 'ip' | 'cidr' | 'merchant' | 'terminal' | 'name' | 'text';

/** A list as the index needs it: rules name it by `key`; `orgId` scopes who sees it. */
export interface ListMeta {
  id: string;
  key: string;
  kind: ListKind;
  dimension: ListDimension;
  orgId: string;
}

/** One entry; `value` is already normalised (card numbers tokenised by the caller). */
export interface ListEntryData {
  value: string;
  /** What people see: the masked card number, the name as written. */
  display: string;
  reason: string;
  source: string;
  /** Epoch ms; null for no expiry. */
  expiresAt: number | null;
  /** The org that added the entry: only events of that org and its descendants see it. */
  orgId: string;
  createdBy: string;
  createdAt: number;
}

/** A matching entry together with its list. Frozen: the index hands out shared objects. */
export type ListHit = Readonly<ListEntryData & { list: Readonly<ListMeta> }>;

export interface NameMatch {
  /** Jaro-Winkler similarity of the normalised names, 0–1. */
  score: number;
  entry: ListHit;
}
