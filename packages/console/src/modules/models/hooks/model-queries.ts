import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { modelsApi, type ModelListQuery } from '../../../api/models-api.ts';

/** The query keys of the module: everything under `['models']`, so one invalidation refreshes it all. */
export const modelKeys = {
  all: ['models'] as const,
  list: (q: ModelListQuery) => ['models', 'list', q] as const,
  lists: ['models', 'list'] as const,
  detail: (id: string) => ['models', 'detail', id] as const,
  version: (id: string, version: number) => ['models', 'version', id, version] as const,
  monitoring: (id: string) => ['models', 'monitoring', id] as const,
  datasets: ['models', 'datasets'] as const,
  dataset: (id: string) => ['models', 'dataset', id] as const,
};

export function useModels(q: ModelListQuery) {
  return useQuery({ queryKey: modelKeys.list(q), queryFn: ({ signal }) => modelsApi.list(q, signal), placeholderData: keepPreviousData });
}

export function useModel(id: string) {
  return useQuery({ queryKey: modelKeys.detail(id), queryFn: () => modelsApi.get(id), enabled: !!id });
}

export function useModelVersion(id: string, version: number) {
  return useQuery({ queryKey: modelKeys.version(id, version), queryFn: () => modelsApi.version(id, version), enabled: !!id && Number.isInteger(version) && version > 0 });
}

export function useModelMonitoring(id: string) {
  return useQuery({ queryKey: modelKeys.monitoring(id), queryFn: () => modelsApi.monitoring(id), enabled: !!id });
}

export function useDatasets() {
  return useQuery({ queryKey: modelKeys.datasets, queryFn: () => modelsApi.datasets() });
}

export function useDataset(id: string) {
  return useQuery({ queryKey: modelKeys.dataset(id), queryFn: () => modelsApi.dataset(id), enabled: !!id, staleTime: 5 * 60_000 });
}
