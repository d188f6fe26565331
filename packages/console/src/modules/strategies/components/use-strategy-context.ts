import { useMemo } from 'react';
import { usePermissions } from '../../session/hooks/use-permissions.ts';
import { useSession } from '../../session/hooks/use-session.ts';
import { actorOfUser } from '../utils/lifecycle.ts';

/** The union's org: its users deploy for every bank. */
export const UNION_ORG = 'root';

/** Who the signed-in user is for the lifecycle: their permissions, their actor string, union or bank. */
export function useLifecycleUser() {
  const permissions = usePermissions();
  const { data } = useSession();
  return useMemo(() => ({ permissions, actor: data ? actorOfUser(data.user.username) : '', union: data?.user.orgId === UNION_ORG }), [permissions, data]);
}
