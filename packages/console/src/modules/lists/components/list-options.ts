import type { ListDimension, ListKind } from '../../../api/types.ts';

export const LIST_KINDS: readonly ListKind[] = ['black', 'white', 'grey'];
export const LIST_DIMENSIONS: readonly ListDimension[] = ['customer', 'account', 'card', 'phone', 'device', 'ip', 'cidr', 'merchant', 'terminal', 'name', 'text'];
/** Tag colour of each kind: black lists in red, white in green, grey neutral. */
export const KIND_COLORS: Record<ListKind, string> = { black: 'red', white: 'green', grey: 'default' };
