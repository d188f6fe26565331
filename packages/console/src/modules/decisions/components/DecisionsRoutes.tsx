import { Route, Routes } from 'react-router';
import type { NavPage } from '../../shell/nav-items.ts';
import { DecisionDetailPage } from './DecisionDetailPage.tsx';
import { DecisionSearchPage } from './DecisionSearchPage.tsx';

export function DecisionsRoutes({ page }: { page: NavPage }) {
  return (
    <Routes>
      <Route index element={<DecisionSearchPage page={page} />} />
      <Route path=":id" element={<DecisionDetailPage page={page} />} />
    </Routes>
  );
}
