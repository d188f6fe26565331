import { Route, Routes } from 'react-router';
import { NotFoundPage } from '../../errors/components/NotFoundPage.tsx';
import { PermissionGate } from '../../sections/components/PermissionGate.tsx';
import type { NavPage } from '../../shell/nav-items.ts';
import { AlertAdminPage } from './AlertAdminPage.tsx';
import { AlertDetailPage } from './AlertDetailPage.tsx';
import { AlertSearchPage } from './AlertSearchPage.tsx';
import { AlertsNav } from './AlertsNav.tsx';
import { MyQueuePage } from './MyQueuePage.tsx';
import { QueuePage } from './QueuePage.tsx';
import { TeamQueuesPage } from './TeamQueuesPage.tsx';

/** /alerts/*: my queue, team queues and a queue's alerts, the search, administration and an alert's page. */
export function AlertsRoutes({ page }: { page: NavPage }) {
  return (
    <>
      <AlertsNav />
      <Routes>
        <Route index element={<MyQueuePage page={page} />} />
        <Route path="queues" element={<TeamQueuesPage />} />
        <Route path="queues/:queueId" element={<QueuePage />} />
        <Route path="search" element={<AlertSearchPage />} />
        <Route
          path="admin"
          element={
            <PermissionGate permission="alert.configure">
              <AlertAdminPage />
            </PermissionGate>
          }
        />
        <Route path=":id" element={<AlertDetailPage page={page} />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </>
  );
}
