import { Route, Routes } from 'react-router';
import type { NavPage } from '../../shell/nav-items.ts';
import { EntityPage } from './EntityPage.tsx';

export function EntityRoutes({ page }: { page: NavPage }) {
  return (
    <Routes>
      <Route index element={<EntityPage page={page} />} />
      <Route path=":type/:value" element={<EntityPage page={page} />} />
    </Routes>
  );
}
