import { createContext } from 'react';
import type { Org } from '../../api/types.ts';

export interface OrgScope {
  /** The orgs the user may see (empty without `org.read`). */
  orgs: Org[];
  /** The org pages filter by (`?org=`); undefined: all the user's orgs. */
  selected?: string;
  select(org: string | undefined): void;
  /** Whether the user's scope covers several orgs, so choosing one means something. */
  canSwitch: boolean;
}

export const OrgScopeContext = createContext<OrgScope>({ orgs: [], selected: undefined, select: () => {}, canSwitch: false });
