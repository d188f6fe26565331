import { http } from './client.ts';
import type { HttpClient } from './http-client.ts';
import type {
  BinVariableRequest,
  ChampionRequest,
  ChangeStatusRequest,
  CreateModelRequest,
  DatasetList,
  DatasetSummary,
  DeployResult,
  DeployToStrategyRequest,
  FitResult,
  FitScorecardRequest,
  ModelDetail,
  ModelList,
  ModelMonitoring,
  ModelStatus,
  ModelVersionDetail,
  MonitoringConfig,
  MonitoringRun,
  RegisterVersionRequest,
  ScoreResult,
  UpdateModelRequest,
  UploadDatasetRequest,
  VariableBinning,
} from './types.ts';

const enc = encodeURIComponent;
const m = (id: string) => `/api/v1/models/${enc(id)}`;
const mv = (id: string, version: number) => `${m(id)}/versions/${version}`;
const ds = (id: string) => `/api/v1/model-datasets/${enc(id)}`;

/** Filters of the model registry's list (`GET /api/v1/models`). */
export interface ModelListQuery {
  org?: string;
  purpose?: string;
  status?: ModelStatus;
  q?: string;
}

/**
 * The model registry, the modelling workbench and model monitoring as the console calls them
 * (`model.read` to read; `model.edit` to change; `model.approve` to validate or promote a version).
 * A model's writes name the `rowVersion` read as `expectedVersion`; a stale one answers 409.
 */
export function modelsApiOf(h: HttpClient) {
  return {
    list: (query: ModelListQuery, signal?: AbortSignal) => h.get<ModelList>('/api/v1/models', { query: { ...query }, signal }),
    create: (b: CreateModelRequest) => h.post<ModelDetail>('/api/v1/models', b),
    get: (id: string) => h.get<ModelDetail>(m(id)),
    update: (id: string, b: UpdateModelRequest) => h.put<ModelDetail>(m(id), b),

    registerVersion: (id: string, b: RegisterVersionRequest) => h.post<ModelVersionDetail>(`${m(id)}/versions`, b),
    version: (id: string, version: number) => h.get<ModelVersionDetail>(mv(id, version)),
    changeStatus: (id: string, version: number, b: ChangeStatusRequest) => h.post<ModelVersionDetail>(`${mv(id, version)}/status`, b),
    setChampion: (id: string, b: ChampionRequest) => h.put<ModelDetail>(`${m(id)}/champion`, b),
    score: (id: string, version: number, inputs: Record<string, unknown>) => h.post<ScoreResult>(`${mv(id, version)}/score`, { inputs }),
    /** Where the browser downloads the version's self-contained HTML report. */
    reportUrl: (id: string, version: number) => `${mv(id, version)}/report`,
    /** The report's HTML, to show it in a new tab. */
    reportHtml: (id: string, version: number) => h.get<string>(`${mv(id, version)}/report`),
    deploy: (id: string, version: number, b: DeployToStrategyRequest) => h.post<DeployResult>(`${mv(id, version)}/deploy`, b),

    monitoring: (id: string) => h.get<ModelMonitoring>(`${m(id)}/monitoring`),
    saveMonitoring: (id: string, config: MonitoringConfig) => h.put<ModelMonitoring>(`${m(id)}/monitoring`, config),
    runMonitoring: (id: string) => h.post<MonitoringRun>(`${m(id)}/monitoring/run`, {}),

    datasets: () => h.get<DatasetList>('/api/v1/model-datasets'),
    uploadDataset: (b: UploadDatasetRequest) => h.post<DatasetSummary>('/api/v1/model-datasets', b),
    dataset: (id: string) => h.get<DatasetSummary>(ds(id)),
    deleteDataset: (id: string) => h.delete<void>(ds(id)),
    bin: (id: string, b: BinVariableRequest) => h.post<VariableBinning>(`${ds(id)}/binning`, b),
    fit: (id: string, b: FitScorecardRequest) => h.post<FitResult>(`${ds(id)}/fit`, b),
  };
}

export const modelsApi = modelsApiOf(http);
