import type { Permission, StrategyVersionSummary } from '../../../api/types.ts';

/** Every state a version can be in, in lifecycle order. */
export const VERSION_STATES = ['draft', 'submitted', 'approved', 'shadow', 'canary', 'live', 'retired', 'rejected'] as const;
export type VersionState = (typeof VERSION_STATES)[number];

/** The tag colour of each state: what decides stands out, what is over fades. */
export const STATE_COLORS: Record<string, string> = {
  draft: 'default',
  submitted: 'processing',
  approved: 'cyan',
  shadow: 'purple',
  canary: 'orange',
  live: 'success',
  retired: 'default',
  rejected: 'error',
};

/** How a version records its actors: `user:<username>` or `api_key:<name>#<id>`. */
export function actorOfUser(username: string): string {
  return `user:${username}`;
}

/** An actor as a person reads it: the username, or the key's name. */
export function actorLabel(actor: string | null | undefined): string {
  if (!actor) return '';
  if (actor.startsWith('user:')) return actor.slice(5);
  if (actor.startsWith('api_key:')) return actor.slice(8);
  return actor;
}

export type VersionAction = 'save' | 'test' | 'submit' | 'approve' | 'reject' | 'deployShadow' | 'deployCanary' | 'deployLive' | 'withdraw' | 'newDraft';

export interface ActionContext {
  permissions: ReadonlySet<Permission>;
  /** The signed-in user as versions record them (`user:<username>`). */
  actor: string;
  /** The user belongs to the union (root org): deployments for every bank are theirs. */
  union: boolean;
  /** The event type has a live champion (shadow and canary run beside it). */
  hasLive: boolean;
}

const DEPLOYABLE = new Set(['approved', 'shadow', 'canary', 'retired']);

/**
 * The lifecycle steps a user may take on a version, by its state and their permissions — the
 * server's rules (docs/api.md, The lifecycle of a version) mirrored, so the console offers only
 * what would be accepted: editing is the draft's author's; reviewing is never the author's or
 * submitter's (maker-checker); deployments for every bank are the union's, a bank may canary its
 * own orgs.
 */
export function availableActions(v: Pick<StrategyVersionSummary, 'status' | 'createdBy' | 'submittedBy'>, c: ActionContext): Set<VersionAction> {
  const out = new Set<VersionAction>();
  const can = (p: Permission) => c.permissions.has(p);
  if (can('strategy.read')) out.add('test');
  if (can('strategy.edit')) out.add('newDraft');
  if (v.status === 'draft' && can('strategy.edit') && v.createdBy === c.actor) {
    out.add('save');
    out.add('submit');
  }
  if (v.status === 'submitted' && can('strategy.approve') && v.createdBy !== c.actor && v.submittedBy !== c.actor) {
    out.add('approve');
    out.add('reject');
  }
  if (can('strategy.deploy') && DEPLOYABLE.has(v.status)) {
    if (c.union) out.add('deployLive');
    if (c.hasLive && c.union && v.status !== 'shadow') out.add('deployShadow');
    if (c.hasLive && (c.union || v.status !== 'shadow')) out.add('deployCanary');
  }
  if (can('strategy.deploy') && (v.status === 'shadow' || v.status === 'canary') && (c.union || v.status === 'canary')) out.add('withdraw');
  return out;
}

/** A pasted or uploaded package document: JSON when it parses as a JSON object, YAML otherwise. */
export function documentKind(text: string): 'json' | 'yaml' {
  const t = text.trim();
  if (!t.startsWith('{')) return 'yaml';
  try {
    const v: unknown = JSON.parse(t);
    return v && typeof v === 'object' && !Array.isArray(v) ? 'json' : 'yaml';
  } catch {
    return 'yaml';
  }
}

/**
 * The failing test cases of a refused submission (`TEST_CASE_FAILED` details at
 * `package.testCases[i]`), by the case's index, with the server's message.
 */
export function failedCasesOf(details: ReadonlyArray<{ path: string; code: string; message: string }> | undefined): Array<{ index: number; message: string }> {
  const out: Array<{ index: number; message: string }> = [];
  for (const d of details ?? []) {
    const m = /^package\.testCases\[(\d+)\]$/.exec(d.path);
    if (d.code === 'TEST_CASE_FAILED' && m) out.push({ index: Number(m[1]), message: d.message });
  }
  return out;
}

/** A share of the traffic in percent (0.01 steps, 0.01–100) as the deploy route accepts it. */
export function validCanaryPercent(p: number | null | undefined): p is number {
  return typeof p === 'number' && Number.isFinite(p) && p >= 0.01 && p <= 100 && Math.abs(Math.round(p * 100) - p * 100) < 1e-9;
}
