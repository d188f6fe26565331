import { http } from './client.ts';
import type { AuthoringCatalogue, CheckExpressionRequest, CheckExpressionResult, StrategyPackage } from './types.ts';

/** The parts of a package that name what expressions may use (sent with checks and catalogue requests). */
export type AuthoringParts = Pick<StrategyPackage, 'variables' | 'features' | 'models' | 'dataSources'>;

export function authoringParts(pkg: StrategyPackage): AuthoringParts {
  return { variables: pkg.variables ?? [], features: pkg.features ?? [], models: pkg.models ?? [], dataSources: pkg.dataSources ?? [] };
}

export const strategyEditorApi = {
  /** Type-checks one expression where it sits in the package (`strategy.read`). */
  check: (body: CheckExpressionRequest, signal?: AbortSignal) => http.post<CheckExpressionResult>('/api/v1/strategies/check', body, { signal }),
  /** Fields, features, variables, lists, params and functions an expression may use. */
  catalogue: (eventType: string, parts: AuthoringParts) => http.post<AuthoringCatalogue>('/api/v1/strategies/authoring-catalogue', { eventType, package: parts }),
};
