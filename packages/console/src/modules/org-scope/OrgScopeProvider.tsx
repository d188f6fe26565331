import { useCallback, useMemo, useState, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { useSession } from '../session/hooks/use-session.ts';
import { OrgScopeContext, type OrgScope } from './org-scope-context.ts';

const storageKey = (userId: string) => `vigil.org.${userId}`;

function readStored(userId: string | undefined): string | undefined {
  if (!userId) return undefined;
  try {
    return localStorage.getItem(storageKey(userId)) ?? undefined;
  } catch {
    return undefined;
  }
}

/** The org filter of a user whose scope covers several orgs (the union, a bank with branches). */
export function OrgScopeProvider({ children }: { children: ReactNode }) {
  const { data: session } = useSession();
  const userId = session?.user.id;
  const mayRead = !!session?.permissions.includes('org.read');
  const { data } = useQuery({ queryKey: ['orgs', userId], queryFn: api.orgs.list, enabled: mayRead, staleTime: 5 * 60_000 });
  const [choice, setChoice] = useState<{ userId?: string; org?: string }>(() => ({ userId, org: readStored(userId) }));

  const orgs = useMemo(() => data?.items ?? [], [data]);
  const stored = choice.userId === userId ? choice.org : readStored(userId);
  // A remembered org that is no longer visible (moved, another user's choice) is dropped.
  const selected = stored && orgs.some((o) => o.id === stored) ? stored : undefined;

  const select = useCallback(
    (org: string | undefined) => {
      setChoice({ userId, org });
      if (!userId) return;
      try {
        if (org) localStorage.setItem(storageKey(userId), org);
        else localStorage.removeItem(storageKey(userId));
      } catch {
        // private mode: the choice lasts for this page only
      }
    },
    [userId],
  );

  const value = useMemo<OrgScope>(() => ({ orgs, selected, select, canSwitch: orgs.length > 1 }), [orgs, selected, select]);
  return <OrgScopeContext.Provider value={value}>{children}</OrgScopeContext.Provider>;
}
