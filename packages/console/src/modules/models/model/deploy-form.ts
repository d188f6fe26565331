import type { DeployToStrategyRequest, StrategyPackage } from '../../../api/types.ts';

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The CEL expression that reads a feature from the event by default: `event.<name>`, or
 * `event["<name>"]` when the name is not an identifier.
 */
export function defaultInput(feature: string): string {
  return IDENT.test(feature) ? `event.${feature}` : `event[${JSON.stringify(feature)}]`;
}

export function defaultInputs(features: readonly string[]): Record<string, string> {
  return Object.fromEntries(features.map((f) => [f, defaultInput(f)]));
}

/** The id of a model inside a strategy package, as the API checks it. */
export const MODEL_ID_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;

/** The stages of a package's flow a model stage may go before, in flow order. */
export function stageChoices(pkg: Pick<StrategyPackage, 'flow'> | null | undefined): Array<{ id: string; type: string }> {
  return (pkg?.flow.stages ?? []).map((s) => ({ id: s.id, type: s.type }));
}

export interface DeployForm {
  strategyId: string;
  baseVersion?: number | null;
  modelId?: string;
  inputs: Record<string, string>;
  before?: string | null;
  bands?: DeployToStrategyRequest['bands'];
  note: string;
}

/** Features whose input expression is empty (the request would be refused). */
export function missingInputs(features: readonly string[], inputs: Record<string, string>): string[] {
  return features.filter((f) => !inputs[f]?.trim());
}

/** The deployment request of the dialog's values: empty optional fields left out. */
export function deployRequest(f: DeployForm): DeployToStrategyRequest {
  const inputs = Object.fromEntries(Object.entries(f.inputs).map(([k, v]) => [k, v.trim()]));
  const modelId = f.modelId?.trim();
  return {
    strategyId: f.strategyId,
    ...(f.baseVersion ? { baseVersion: f.baseVersion } : {}),
    ...(modelId ? { modelId } : {}),
    inputs,
    ...(f.before ? { before: f.before } : {}),
    ...(f.bands && f.bands.length ? { bands: f.bands } : {}),
    note: f.note.trim(),
  };
}

/** The address of a strategy version's page (its editor while it is a draft). */
export function strategyVersionPath(strategyId: string, version: number): string {
  return `/strategies/${encodeURIComponent(strategyId)}/versions/${version}`;
}
