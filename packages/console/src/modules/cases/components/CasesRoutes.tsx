import { Route, Routes } from 'react-router';
import { PermissionGate } from '../../sections/components/PermissionGate.tsx';
import type { NavPage } from '../../shell/nav-items.ts';
import { CaseAdminPage } from './CaseAdminPage.tsx';
import { CaseDetailPage } from './CaseDetailPage.tsx';
import { CaseSearchPage } from './CaseSearchPage.tsx';

/** The case center: the search (/cases), one case (/cases/:id), and its administration (/cases/admin, case.configure). */
export function CasesRoutes({ page }: { page: NavPage }) {
  return (
    <Routes>
      <Route index element={<CaseSearchPage page={page} />} />
      <Route
        path="admin"
        element={
          <PermissionGate permission="case.configure">
            <CaseAdminPage page={page} />
          </PermissionGate>
        }
      />
      <Route path=":id" element={<CaseDetailPage page={page} />} />
    </Routes>
  );
}
