import type { HttpClient } from './http-client.ts';
import type {
  Backtest,
  BacktestComparison,
  BacktestCreated,
  BacktestListResponse,
  BacktestUploaded,
  CanaryReport,
  ShadowReport,
  StrategyDeployResult,
  StrategyDeploymentList,
  StrategyDetail,
  StrategyDiff,
  StrategyImportResult,
  StrategyListResponse,
  StrategyPackage,
  StrategyRollbackResult,
  StrategyTestRun,
  StrategyVersionDetail,
  StrategyVersionView,
  StrategyWithdrawResult,
} from './types.ts';

const v = (id: string, version: number) => `/api/v1/strategies/${encodeURIComponent(id)}/versions/${version}`;

export type DeployMode = 'live' | 'shadow' | 'canary';
export type CanaryRequest = { percent: number; key: string } | { orgs: string[] };

export interface BacktestRequest {
  strategyId: string;
  version: number;
  name?: string;
  from: string;
  to: string;
  orgs?: string[];
  warmupDays?: number;
  positiveOutcomes?: string[];
  unlabelled?: 'genuine' | 'ignore';
}

/** The strategy lifecycle, deployment and backtest routes (docs/api.md, Strategies). */
export function strategiesApiOf(http: HttpClient) {
  return {
    list: () => http.get<StrategyListResponse>('/api/v1/strategies'),
    strategy: (id: string) => http.get<StrategyDetail>(`/api/v1/strategies/${encodeURIComponent(id)}`),
    version: (id: string, version: number) => http.get<StrategyVersionDetail>(v(id, version)),
    /** The document exactly as authored (JSON), the base of a new draft. */
    exportJson: (id: string, version: number) => http.get<StrategyPackage>(`${v(id, version)}/export`, { query: { format: 'json' } }),
    importJson: (pkg: unknown, changeNote: string) => http.post<StrategyImportResult>('/api/v1/strategies/import', { package: pkg, changeNote }),
    importYaml: (yaml: string, changeNote: string) => http.post<StrategyImportResult>('/api/v1/strategies/import', yaml, { contentType: 'application/yaml', query: { changeNote } }),
    save: (id: string, version: number, pkg: StrategyPackage, changeNote: string) => http.put<StrategyVersionView>(v(id, version), { package: pkg, changeNote }),
    test: (id: string, version: number, pkg?: StrategyPackage) => http.post<StrategyTestRun>(`${v(id, version)}/test`, pkg ? { package: pkg } : {}),
    submit: (id: string, version: number, note: string) => http.post<StrategyVersionView>(`${v(id, version)}/submit`, { note }),
    review: (id: string, version: number, action: 'approve' | 'reject', note: string) => http.post<StrategyVersionView>(`${v(id, version)}/${action}`, { note }),
    deploy: (id: string, version: number, body: { mode: DeployMode; reason: string; canary?: CanaryRequest; at?: string }) => http.post<StrategyDeployResult>(`${v(id, version)}/deploy`, body),
    withdraw: (id: string, version: number, reason: string) => http.post<StrategyWithdrawResult>(`${v(id, version)}/withdraw`, { reason }),
    rollback: (eventType: string, direction: string, reason: string) => http.post<StrategyRollbackResult>('/api/v1/deployments/rollback', { eventType, direction, reason }),
    deployments: () => http.get<StrategyDeploymentList>('/api/v1/deployments'),
    diff: (id: string, from: number, to: number, lang: 'en' | 'zh') => http.get<StrategyDiff>(`/api/v1/strategies/${encodeURIComponent(id)}/diff`, { query: { from, to, lang } }),
    shadowReport: (id: string, version: number, query: { from?: string; to?: string; limit?: number }) => http.get<ShadowReport>(`${v(id, version)}/shadow-report`, { query }),
    canaryReport: (query: { eventType: string; direction: string; from?: string; to?: string }) => http.get<CanaryReport>('/api/v1/deployments/canary-report', { query }),
    backtests: (strategyId: string, limit = 50) => http.get<BacktestListResponse>('/api/v1/backtests', { query: { strategyId, limit } }),
    backtest: (id: string) => http.get<Backtest>(`/api/v1/backtests/${encodeURIComponent(id)}`),
    startBacktest: (body: BacktestRequest) => http.post<BacktestCreated>('/api/v1/backtests', body),
    uploadBacktest: (query: { strategyId: string; version: number; name?: string; positiveOutcomes?: string[] }, file: string, contentType: string) =>
      http.post<BacktestUploaded>('/api/v1/backtests/upload', file, { contentType, query: { ...query, positiveOutcomes: query.positiveOutcomes } }),
    cancelBacktest: (id: string) => http.post<BacktestCreated>(`/api/v1/backtests/${encodeURIComponent(id)}/cancel`, {}),
    compareBacktests: (ids: string[]) => http.get<BacktestComparison>('/api/v1/backtests/compare', { query: { ids: ids.join(',') } }),
  };
}
