import type { PanTokenizer } from '@vigil/engine';
import type { Permission } from '../auth/permissions.ts';
import { AppError, notFound } from '../errors.ts';
import type { AuditEntry } from '../repos/audit.ts';
import { getCase, type CaseRecord } from '../repos/cases.ts';
import type { OrgData } from '../repos/scoped.ts';
import type { TreeOrgDirectory } from '../runtime/org-directory.ts';
import { MERGED_STATE } from './workflow.ts';

/**
 * Everything a case use case needs, passed in explicitly: the org tree, the card tokeniser, the
 * caller's org-scoped data inside the transaction the use case runs in, who acts (as the audit
 * log names them) with their permissions, and how to audit a change. Routes build it from the
 * request; the alert center's automation builds it for the handler who disposed an alert.
 */
export interface CaseContext {
  orgs: Pick<TreeOrgDirectory, 'chain' | 'subtree' | 'has'>;
  tokenizer: PanTokenizer;
  data: OrgData;
  /** `user:<username>` or `api_key:<name>`. */
  actor: string;
  /** The username when a person acts (investigators and reviewers are users). */
  username: string | null;
  can(permission: Permission): boolean;
  audit(e: Omit<AuditEntry, 'actor'>): Promise<void>;
}

/** A case of the caller's orgs, locked for the rest of the transaction; 404 when it is not theirs. */
export async function requireCase(ctx: CaseContext, id: string, path = 'id'): Promise<CaseRecord> {
  const c = await getCase(ctx.data, id, { lock: true });
  if (!c) throw notFound('case', path);
  return c;
}

/** Refuses changes to a closed or merged case (409): reopen it through its workflow first. */
export function requireOpen(c: CaseRecord, path = 'id'): void {
  if (c.state === MERGED_STATE) throw new AppError('CONFLICT', `${c.number} was merged into another case (${c.mergedInto}); work on that one`, { path });
  if (c.phase === 'closed') throw new AppError('CONFLICT', `${c.number} is closed (${c.state}); reopen it before changing it`, { path });
}

/** Refuses a write made from a stale read of the case (409): reload and try again. */
export function requireVersion(c: CaseRecord, version: number, path = 'version'): void {
  if (c.version !== version) throw new AppError('CONFLICT', `${c.number} has changed since it was read (version ${version}, now ${c.version}); reload it and try again`, { path });
}

/** The stale-write refusal for a conditional update that matched nothing. */
export function staleCase(c: CaseRecord): AppError {
  return new AppError('CONFLICT', `${c.number} has changed since it was read; reload it and try again`, { path: 'version' });
}

/** Whether an org is the case's org or below it (what may be linked to, and who may work on it). */
export function withinCaseOrg(ctx: CaseContext, c: { orgId: string }, orgId: string): boolean {
  return ctx.orgs.subtree(c.orgId).includes(orgId);
}
