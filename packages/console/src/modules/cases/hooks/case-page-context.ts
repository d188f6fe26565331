import { createContext, useContext } from 'react';
import type { CaseDetail } from '../../../api/types.ts';

/** What every part of a case's page shares: the case as last read, and what the caller may do to it. */
export interface CasePage {
  c: CaseDetail;
  /** The caller investigates and the case takes changes (not closed or merged). */
  mayWork: boolean;
  /** A write found the case changed since it was read (409 at `version`): the page asks for a reload. */
  markStale(): void;
}

export const CasePageContext = createContext<CasePage | null>(null);

export function useCasePage(): CasePage {
  const v = useContext(CasePageContext);
  if (!v) throw new Error('useCasePage outside a case page');
  return v;
}
