import { randomUUID } from 'node:crypto';
import { builtInRole } from '../auth/roles.ts';
import { AppError, notFound, type ErrorDetail } from '../errors.ts';
import { resolveCaseType, type CaseTypeRecord } from '../repos/case-types.ts';
import { addCaseLinks, type NewCaseLink } from '../repos/case-links.ts';
import { appendCaseEvent, appendCaseEvents, type NewCaseEvent } from '../repos/case-events.ts';
import { upsertCaseMember } from '../repos/case-members.ts';
import type { CasePriority } from '../repos/case-rules.ts';
import { getCase, insertCase, nextCaseNumber, type CaseRecord, type CaseSource } from '../repos/cases.ts';
import { refuseCardNumbers } from '../card-numbers.ts';
import { withinCaseOrg, type CaseContext } from './case-context.ts';
import { caseSubject, throwIssues } from './case-subject.ts';
import { stateOf } from './workflow.ts';

export interface OpenCaseInput {
  orgId: string;
  type: string;
  title: string;
  priority: CasePriority;
  subjectType: string;
  /** A card's number or token; any other subject's key. */
  subjectKey: string;
  subjectDisplay?: string | null;
  amount?: number | null;
  currency?: string | null;
  typology?: string | null;
  dueAt?: Date | null;
  source: CaseSource;
  /** Investigators to add; the first leads. */
  investigators?: readonly string[];
  /** Alerts to link, with their decisions. */
  alertIds?: readonly string[];
  details?: Record<string, unknown>;
}

/** The type a case of `key` in `orgId` follows (the nearest definition up the org chain); 400 at `path` when there is none. */
export async function caseTypeFor(ctx: CaseContext, orgId: string, key: string, path = 'type'): Promise<CaseTypeRecord> {
  const t = await resolveCaseType(ctx.data.db, ctx.orgs.chain(orgId), key);
  if (!t) throw new AppError('VALIDATION_FAILED', `no case type "${key}" applies to org ${orgId}`, { path });
  return t;
}

/**
 * Checks a new case's fields against its type (subject types it allows) and the card-number rules,
 * and returns them in stored form (a card as its token). Problems are pushed to `issues` with the
 * field's path under `prefix`.
 */
export function checkNewCase(ctx: CaseContext, type: CaseTypeRecord, input: Pick<OpenCaseInput, 'subjectType' | 'subjectKey' | 'subjectDisplay'>, issues: ErrorDetail[], paths = { subjectType: 'subjectType', subjectKey: 'subjectKey', subjectDisplay: 'subjectDisplay' }) {
  if (!type.subjectTypes.includes(input.subjectType as never)) {
    issues.push({ path: paths.subjectType, code: 'SUBJECT_NOT_ALLOWED', message: `a ${type.key} case is about a ${type.subjectTypes.join(', ')}, not a ${input.subjectType}` });
    return undefined;
  }
  return caseSubject(ctx.tokenizer, input.subjectType, input.subjectKey, input.subjectDisplay, issues, { key: paths.subjectKey, display: paths.subjectDisplay });
}

/**
 * Opens a case in its type's initial state with the next number of its org, records `created` on
 * its timeline, links the alerts named (and their decisions), adds the investigators named (the
 * first leads) and audits it (unless the caller audits a batch itself). The caller checks that it may act for `orgId` and runs this in a
 * transaction (`ctx.data` on it).
 */
export async function openCase(ctx: CaseContext, input: OpenCaseInput, known?: { type: CaseTypeRecord; subject: { key: string; display: string } }, opts: { audit?: boolean } = {}): Promise<CaseRecord> {
  refuseCardNumbers({ title: input.title, typology: input.typology });
  const type = known?.type ?? (await caseTypeFor(ctx, input.orgId, input.type));
  let subject = known?.subject;
  if (!subject) {
    const issues: ErrorDetail[] = [];
    subject = checkNewCase(ctx, type, input, issues);
    if (!subject) throwIssues(issues);
  }
  const state = stateOf(type.workflow, type.initialState)!;
  const at = new Date();
  const id = randomUUID();
  const number = await nextCaseNumber(ctx.data, input.orgId, at);
  await insertCase(ctx.data, {
    id,
    orgId: input.orgId,
    number,
    typeId: type.id,
    typeKey: type.key,
    title: input.title.trim(),
    state: state.key,
    phase: state.phase,
    priority: input.priority,
    subjectType: input.subjectType,
    subjectKey: subject.key,
    subjectDisplay: subject.display,
    amount: input.amount ?? null,
    currency: input.currency ?? null,
    typology: input.typology ?? null,
    source: input.source,
    openedBy: ctx.actor,
    openedAt: at,
    dueAt: input.dueAt ?? null,
  });
  await appendCaseEvent(ctx.data, { caseId: id, orgId: input.orgId, kind: 'created', actor: ctx.actor, at, details: { number, type: type.key, typeOrgId: type.orgId, state: state.key, source: input.source, title: input.title.trim(), subject: { type: input.subjectType, display: subject.display }, ...(input.details ?? {}) } });
  const c = (await getCase(ctx.data, id))!;
  for (const [i, username] of (input.investigators ?? []).entries()) await addInvestigator(ctx, c, username, i === 0, `investigators[${i}]`);
  if (input.alertIds?.length) await linkAlerts(ctx, c, input.alertIds, 'fromAlerts');
  if (opts.audit !== false) await ctx.audit({ action: 'case.create', targetType: 'case', targetId: id, orgId: input.orgId, after: { number, type: type.key, title: c.title, subjectType: c.subjectType, subjectDisplay: c.subjectDisplay, source: input.source, alerts: input.alertIds ?? [] } });
  return c;
}

/**
 * Adds a user as an investigator (or changes whether they lead). The user must be one the caller
 * sees, of the case's org, an org below it or above it, and able to investigate (`case.investigate`
 * through their roles). 404 for a user the caller cannot see; 400 for one who cannot investigate.
 */
export async function addInvestigator(ctx: CaseContext, c: CaseRecord, username: string, lead: boolean, path = 'username'): Promise<{ existed: boolean }> {
  const user = await ctx.data.selectFrom('users').select(['username', 'org_id', 'roles', 'disabled']).where('username', '=', username).executeTakeFirst();
  if (!user) throw notFound('user', path);
  const related = withinCaseOrg(ctx, c, user.org_id) || ctx.orgs.chain(c.orgId).includes(user.org_id);
  if (!related) throw new AppError('VALIDATION_FAILED', `${username} belongs to ${user.org_id}, which is neither the case's org ${c.orgId} nor above or below it`, { path });
  if (user.disabled) throw new AppError('VALIDATION_FAILED', `${username} is disabled`, { path });
  if (!(await rolesGrant(ctx, user.roles, 'case.investigate'))) throw new AppError('VALIDATION_FAILED', `${username} cannot investigate cases (no role grants case.investigate)`, { path });
  const r = await upsertCaseMember(ctx.data, { caseId: c.id, orgId: c.orgId, username, lead, addedBy: ctx.actor });
  await appendCaseEvent(ctx.data, { caseId: c.id, orgId: c.orgId, kind: 'member_added', actor: ctx.actor, details: { username, lead, existed: r.existed } });
  return r;
}

async function rolesGrant(ctx: CaseContext, roles: readonly string[], permission: string): Promise<boolean> {
  if (roles.some((r) => builtInRole(r)?.permissions.includes(permission as never))) return true;
  const custom = roles.filter((r) => !builtInRole(r));
  if (!custom.length) return false;
  const rows = await ctx.data.selectFrom('roles').select(['permissions']).where('id', 'in', custom).execute();
  return rows.some((r) => r.permissions.includes(permission));
}

/**
 * Links alerts of the case's org (or below it) to the case, with every decision that contributed
 * to them. An alert the caller cannot see is 404 at `path[i]`; one of another org 409. Alerts and
 * decisions already linked are skipped. Returns the links added.
 */
export async function linkAlerts(ctx: CaseContext, c: CaseRecord, alertIds: readonly string[], path: string): Promise<NewCaseLink[]> {
  const ids = [...new Set(alertIds)];
  const alerts = ids.length ? await ctx.data.selectFrom('alerts').select(['id', 'org_id', 'category', 'level', 'subject_display']).where('id', 'in', ids).execute() : [];
  const links: NewCaseLink[] = [];
  alertIds.forEach((id, i) => {
    const a = alerts.find((x) => x.id === id);
    if (!a) throw notFound('alert', `${path}[${i}]`);
    if (!withinCaseOrg(ctx, c, a.org_id)) throw new AppError('CONFLICT', `alert ${id} belongs to ${a.org_id}, outside the case's org ${c.orgId}`, { path: `${path}[${i}]` });
  });
  for (const a of alerts) links.push({ id: randomUUID(), kind: 'alert', alertId: a.id, display: `${a.category} · ${a.level} · ${a.subject_display}` });
  if (ids.length) {
    const contributions = await ctx.data
      .selectFrom('alert_contributions')
      .select(['decision_id', 'event_type', 'event_id', 'org_id'])
      .where('alert_id', 'in', ids)
      .where('decision_id', 'is not', null)
      .orderBy('id')
      .execute();
    const seen = new Set<string>();
    for (const k of contributions) {
      if (seen.has(k.decision_id!)) continue;
      seen.add(k.decision_id!);
      links.push({ id: randomUUID(), kind: 'decision', decisionId: k.decision_id!, eventType: k.event_type ?? undefined, eventId: k.event_id ?? undefined, eventOrgId: k.org_id, display: `${k.event_type ?? 'event'} ${k.event_id ?? k.decision_id}` });
    }
  }
  return recordLinks(ctx, c, links);
}

/** A decision to link: by its id, or by the event it decided (type and id). */
export type DecisionRef = { decisionId: string } | { eventType: string; eventId: string };

/**
 * Links decisions of the case's org (or below it), found in the decision log by id or by event.
 * One the caller cannot see, or of another org, is 404 at `path[i]`.
 */
export async function linkDecisions(ctx: CaseContext, c: CaseRecord, refs: readonly DecisionRef[], path: string, opts: { skipMissing?: boolean } = {}): Promise<NewCaseLink[]> {
  const orgs = ctx.orgs.subtree(c.orgId);
  const links: NewCaseLink[] = [];
  for (const [i, ref] of refs.entries()) {
    let q = ctx.data.selectFrom('decisions').select(['decision_id', 'event_type', 'event_id', 'org_id', 'outcome']).where('org_id', 'in', orgs);
    q = 'decisionId' in ref ? q.where('decision_id', '=', ref.decisionId) : q.where('event_type', '=', ref.eventType).where('event_id', '=', ref.eventId);
    const rows = await q.execute();
    if (!rows.length && !opts.skipMissing) throw notFound('decision', `${path}[${i}]`);
    for (const d of rows) links.push({ id: randomUUID(), kind: 'decision', decisionId: d.decision_id, eventType: d.event_type, eventId: d.event_id, eventOrgId: d.org_id, display: `${d.event_type} ${d.event_id} (${d.outcome})` });
  }
  return recordLinks(ctx, c, links);
}

/** Links a related entity (a device, account, phone … seen in the investigation). */
export async function linkEntity(ctx: CaseContext, c: CaseRecord, e: { type: string; key: string; display?: string | null }, path: string): Promise<NewCaseLink[]> {
  const issues: ErrorDetail[] = [];
  const subject = caseSubject(ctx.tokenizer, e.type, e.key, e.display, issues, { key: `${path}.key`, display: `${path}.display` });
  if (!subject) throwIssues(issues);
  return recordLinks(ctx, c, [{ id: randomUUID(), kind: 'entity', entityType: e.type, entityKey: subject.key, display: `${e.type} ${subject.display}` }]);
}

async function recordLinks(ctx: CaseContext, c: CaseRecord, links: NewCaseLink[]): Promise<NewCaseLink[]> {
  const added = await addCaseLinks(ctx.data, { caseId: c.id, orgId: c.orgId }, links, ctx.actor);
  const events: NewCaseEvent[] = added.map((l) => ({
    caseId: c.id,
    orgId: c.orgId,
    kind: 'link_added',
    actor: ctx.actor,
    details: { linkId: l.id, kind: l.kind, display: l.display, ...(l.alertId ? { alertId: l.alertId } : {}), ...(l.decisionId ? { decisionId: l.decisionId } : {}) },
  }));
  await appendCaseEvents(ctx.data, events);
  return added;
}
