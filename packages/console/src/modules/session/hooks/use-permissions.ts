import { useMemo } from 'react';
import type { Permission } from '../../../api/types.ts';
import { useSession } from './use-session.ts';

/** The signed-in user's permissions; empty while loading or signed out. */
export function usePermissions(): ReadonlySet<Permission> {
  const { data } = useSession();
  return useMemo(() => new Set(data?.permissions ?? []), [data]);
}
