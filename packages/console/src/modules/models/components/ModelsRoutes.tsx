import { Route, Routes } from 'react-router';
import { NotFoundPage } from '../../errors/components/NotFoundPage.tsx';
import type { NavPage } from '../../shell/nav-items.ts';
import { DatasetPage } from './DatasetPage.tsx';
import { ModelDetailPage } from './ModelDetailPage.tsx';
import { ModelListPage } from './ModelListPage.tsx';
import { ModelVersionPage } from './ModelVersionPage.tsx';
import { WorkbenchPage } from './WorkbenchPage.tsx';

/**
 * /models/*: the registry (/models), the modelling workbench (/models/workbench and a dataset's
 * page /models/workbench/:datasetId), a model (/models/:id) and one of its versions
 * (/models/:id/versions/:version).
 */
export function ModelsRoutes({ page }: { page: NavPage }) {
  return (
    <Routes>
      <Route index element={<ModelListPage page={page} />} />
      <Route path="workbench" element={<WorkbenchPage page={page} />} />
      <Route path="workbench/:datasetId" element={<DatasetPage page={page} />} />
      <Route path=":id" element={<ModelDetailPage page={page} />} />
      <Route path=":id/versions/:version" element={<ModelVersionPage page={page} />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
