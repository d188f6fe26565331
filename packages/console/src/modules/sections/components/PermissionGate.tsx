import type { ReactNode } from 'react';
import type { Permission } from '../../../api/types.ts';
import { ForbiddenPage } from '../../errors/components/ForbiddenPage.tsx';
import { usePermissions } from '../../session/hooks/use-permissions.ts';

/** A page opened by its address without the permission: a clear refusal, not a broken page. */
export function PermissionGate({ permission, children }: { permission?: Permission; children: ReactNode }) {
  const permissions = usePermissions();
  if (permission && !permissions.has(permission)) return <ForbiddenPage />;
  return <>{children}</>;
}
