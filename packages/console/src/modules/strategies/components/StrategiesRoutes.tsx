import { Route, Routes } from 'react-router';
import type { NavPage } from '../../shell/nav-items.ts';
import { NotFoundPage } from '../../errors/components/NotFoundPage.tsx';
import { StrategiesOverview } from './StrategiesOverview.tsx';
import { VersionPage } from './VersionPage.tsx';
import { BacktestPage } from './BacktestPage.tsx';
import { BacktestComparePage } from './BacktestComparePage.tsx';

/** /strategies/*: the overview, a version's page, a backtest's report and a comparison of runs. */
export function StrategiesRoutes({ page }: { page: NavPage }) {
  return (
    <Routes>
      <Route index element={<StrategiesOverview page={page} />} />
      <Route path=":id/versions/:version" element={<VersionPage />} />
      <Route path="backtests/compare" element={<BacktestComparePage />} />
      <Route path="backtests/:backtestId" element={<BacktestPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
