import { isPanShaped, maskDigitRuns, maskPan, parseWindow, tryNormaliseListValue, type ListDimension } from '@vigil/engine';
import { withTransaction, type AlertTable, type DB } from '@vigil/storage';
import type { Selectable, Transaction } from 'kysely';
import { AppError } from '../errors.ts';
import { resolveChannel } from '../repos/action-channels.ts';
import { finishAction, getAction, insertAction, insertAttempt, requeueFailedAction, type ActionRecord, type ActionType, type NewAction } from '../repos/alert-actions.ts';
import { bumpRevision } from '../repos/changes.ts';
import { getDecision } from '../repos/decisions.ts';
import { upsertEntries } from '../repos/lists.ts';
import { listTemplates, resolveTemplate } from '../repos/message-templates.ts';
import { OrgData } from '../repos/scoped.ts';
import type { Services } from '../services.ts';
import type { ChannelActionType } from './channels/channel-adapter.ts';
import { CALL_OUTCOMES, type CallOutcome } from './channels/simulator-channel.ts';
import { uuidv7 } from './ids.ts';
import { autoSendMatches, checkTemplateBody, findCardNumber, formatAmount, formatShanghaiTime, renderTemplate, type TemplateLocale, type TemplateValues } from './message-templates.ts';

export const CALL_KINDS = ['robot', 'manual'] as const;
export const CONTROL_KINDS = ['freeze_card', 'suspend_account', 'limit_channel'] as const;

/** What a handler asks for (`POST /api/v1/alerts/{id}/actions`); the route's schema checks the shape. */
export interface ActionRequest {
  type: ActionType;
  /** Calls: `robot` or `manual`; controls: `freeze_card`, `suspend_account` or `limit_channel`. */
  kind?: string;
  /** SMS: the key of a template of the alert's org or an org above it. */
  template?: string;
  /** SMS: the template's language (default zh-CN when the template has it), or the custom text's. */
  locale?: TemplateLocale;
  /** SMS: a custom message instead of a template; it may use the template variables. */
  text?: string;
  /** Add to list: the key of a list of the alert's org or an org above it. */
  list?: string;
  /** Add to list: the value to add instead of the alert's subject. */
  value?: string;
  /** Add to list: how long the entry lasts (`30d`); forever when absent. */
  expiresIn?: string;
  reason?: string;
  note?: string;
  /** Control `limit_channel`: which channel and the limit (0 blocks it). */
  params?: { channel?: string; limit?: number; currency?: string; durationHours?: number };
  /** The simulator channel fails on request, to show retries (other channels ignore it). */
  simulate?: { failAttempts?: number; permanent?: boolean };
}

export type AlertRow = Selectable<AlertTable>;

/** The alert, visible to `data`, or undefined. */
export async function findAlert(data: OrgData, id: string): Promise<AlertRow | undefined> {
  return data.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * The alert's org and its ancestors (whose templates, channels and lists apply to it, nearest
 * first), and a view of the data of those orgs and the orgs below the alert's (its decisions).
 */
function chainData(s: Services, orgId: string): { chain: string[]; data: OrgData } {
  const chain = s.orgs.chain(orgId);
  return { chain, data: OrgData.of(s.db, { all: false, orgIds: [...new Set([...chain, ...s.orgs.subtree(orgId)])] }) };
}

/** What an alert's actions are about, and the values its messages are filled with. */
interface AlertFacts {
  context: Record<string, unknown>;
  values(locale: TemplateLocale): TemplateValues;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined);

/**
 * Reads the alert's latest linked decision and its stored event (tokenised data and masked card
 * numbers), and the org's names. Card numbers come only from the masked forms.
 */
async function alertFacts(s: Services, data: OrgData, alert: AlertRow): Promise<AlertFacts> {
  const latest = await data
    .selectFrom('alert_contributions')
    .select('decision_id')
    .where('alert_id', '=', alert.id)
    .where('decision_id', 'is not', null)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const decision = latest?.decision_id ? await getDecision(data, latest.decision_id) : undefined;
  const event = (decision?.event ?? {}) as { data?: Record<string, unknown>; masked?: Record<string, string> };
  const ev = event.data ?? {};
  const masked = event.masked ?? {};
  const org = await s.db.selectFrom('orgs').select(['name_zh', 'name_en']).where('id', '=', alert.org_id).executeTakeFirst();
  const maskedCard = masked.card ?? Object.values(masked)[0] ?? (alert.subject_type === 'card' ? alert.subject_display : undefined);
  const amount = typeof ev.amount === 'number' && Number.isFinite(ev.amount) ? formatAmount(ev.amount) : undefined;
  const context: Record<string, unknown> = {
    alert: { id: alert.id, orgId: alert.org_id, category: alert.category, level: alert.level, subject: { type: alert.subject_type, key: alert.subject_key, display: alert.subject_display } },
    decision: decision ? { decisionId: decision.decision_id, eventId: decision.event_id, eventType: decision.event_type, occurredAt: decision.occurred_at.toISOString() } : null,
    customerId: str(ev.customer_id) ?? (alert.subject_type === 'customer' ? alert.subject_key : null),
  };
  return {
    context,
    values: (locale) => ({
      maskedCard,
      amount,
      currency: str(ev.currency),
      time: decision ? formatShanghaiTime(decision.occurred_at) : undefined,
      merchant: str(ev.merchant_name) ?? str(ev.merchant_id),
      customerName: str(ev.customer_name) ?? str(ev.name),
      alertId: alert.id,
      orgName: org ? (locale === 'zh-CN' ? org.name_zh : org.name_en) : undefined,
    }),
  };
}

/** The values an alert's messages are filled with (for previews). */
export async function alertTemplateValues(s: Services, alert: AlertRow, locale: TemplateLocale): Promise<TemplateValues> {
  const { data } = chainData(s, alert.org_id);
  return (await alertFacts(s, data, alert)).values(locale);
}

/** Refuses a card number typed into any free text of the request (400 SENSITIVE_DATA_REFUSED at its field). */
function refuseCardNumbers(body: ActionRequest): void {
  const { type: _t, kind: _k, template: _tp, locale: _l, list: _li, value: _v, expiresIn: _e, ...free } = body;
  const hit = findCardNumber(free);
  if (hit) throw new AppError('SENSITIVE_DATA_REFUSED', 'a card number is not accepted in free text: refer to the card by the alert', { path: hit.path });
}

/** Checks that the request names what its type needs (400 VALIDATION_FAILED at the field). */
function checkShape(b: ActionRequest): void {
  const fail = (path: string, message: string) => new AppError('VALIDATION_FAILED', message, { path });
  const kinds: Record<ActionType, readonly string[]> = { sms: [], call: CALL_KINDS, control: CONTROL_KINDS, add_to_list: [] };
  const allowed = kinds[b.type];
  if (allowed.length === 0 && b.kind !== undefined) throw fail('kind', `${b.type} has no kind`);
  if (allowed.length > 0 && (b.kind === undefined || !allowed.includes(b.kind))) throw fail('kind', `${b.type} needs a kind: ${allowed.join(', ')}`);
  const only = (fields: Array<keyof ActionRequest>) => {
    for (const f of ['template', 'locale', 'text', 'list', 'value', 'expiresIn', 'params'] as const) {
      if (b[f] !== undefined && !fields.includes(f)) throw fail(f, `${f} does not apply to ${b.type}${b.kind ? ` ${b.kind}` : ''}`);
    }
  };
  if (b.type === 'sms') {
    only(['template', 'locale', 'text']);
    if ((b.template === undefined) === (b.text === undefined)) throw fail('template', 'name a template or give a text (one of them)');
  } else if (b.type === 'add_to_list') {
    only(['list', 'value', 'expiresIn']);
    if (b.list === undefined) throw fail('list', 'name the list to add to');
    if (b.expiresIn !== undefined) {
      try {
        parseWindow(b.expiresIn);
      } catch (e) {
        throw fail('expiresIn', (e as Error).message);
      }
    }
  } else if (b.type === 'control' && b.kind === 'limit_channel') {
    only(['params']);
    if (!b.params?.channel) throw fail('params.channel', 'limit_channel needs the channel to limit (e.g. online, pos, atm, overseas)');
    if (b.params.limit === undefined) throw fail('params.limit', 'limit_channel needs the limit (0 blocks the channel)');
  } else only([]);
}

interface Plan {
  params: Record<string, unknown>;
  channelType: ChannelActionType | null;
  /** Set when the action cannot be sent as asked: thrown for a person, recorded as failed for auto-send. */
  problem?: AppError;
}

/** What a request sends, before a channel is chosen. */
async function plan(s: Services, data: OrgData, chain: string[], facts: AlertFacts, b: ActionRequest): Promise<Plan> {
  const common = { ...(b.reason !== undefined ? { reason: b.reason } : {}), ...(b.note !== undefined ? { note: b.note } : {}), ...(b.simulate ? { simulate: b.simulate } : {}) };
  switch (b.type) {
    case 'sms': {
      let body: string;
      let locale: TemplateLocale;
      const head: Record<string, unknown> = {};
      if (b.template !== undefined) {
        const t = resolveTemplate(await listTemplates(data, { orgIds: chain, key: b.template }), chain, b.template, b.locale);
        if (!t) throw new AppError('NOT_FOUND', `no template ${b.template}${b.locale ? ` in ${b.locale}` : ''} for the alert’s org or an org above it`, { path: 'template' });
        if (!t.enabled) throw new AppError('CONFLICT', `template ${b.template} of ${t.orgId} is disabled`, { path: 'template' });
        Object.assign(head, { template: t.key, templateId: t.id, templateOrgId: t.orgId });
        body = t.body;
        locale = t.locale;
      } else {
        const issues = checkTemplateBody(b.text!);
        if (issues.length) throw new AppError('VALIDATION_FAILED', issues[0]!.message, { details: issues.map((i) => ({ path: 'text', code: i.code, message: i.message })) });
        body = b.text!;
        locale = b.locale ?? 'zh-CN';
      }
      const rendered = renderTemplate(body, facts.values(locale));
      const params = { ...head, locale, ...(rendered.missing.length ? { missing: rendered.missing } : { text: rendered.text }), ...common };
      const problem = rendered.missing.length
        ? new AppError('CONFLICT', `the alert has no value for ${rendered.missing.map((m) => `{{${m}}}`).join(', ')}: send a custom text instead`, { path: b.template !== undefined ? 'template' : 'text' })
        : undefined;
      return { params, channelType: 'sms', problem };
    }
    case 'call':
      return { params: common, channelType: b.kind === 'robot' ? 'call' : null };
    case 'control':
      return { params: { ...common, ...(b.params ?? {}) }, channelType: 'control' };
    case 'add_to_list':
      return { params: { list: b.list, ...listValueParam(s, b.value), ...(b.expiresIn ? { expiresIn: b.expiresIn } : {}), ...common }, channelType: null };
  }
}

/** A value given to add to a list as it may be stored: a card number only as its token and masked form. */
function listValueParam(s: Services, raw: string | undefined): Record<string, unknown> {
  if (raw === undefined) return { from: 'subject' };
  const v = raw.trim();
  if (findCardNumber(v)) {
    if (!isPanShaped(v)) throw new AppError('SENSITIVE_DATA_REFUSED', 'the value holds a card number among other text: give the card number alone', { path: 'value' });
    return { from: 'value', value: s.tokenizer.tokenize(v), display: maskPan(v) };
  }
  return { from: 'value', value: v, display: maskDigitRuns(v) };
}

export interface RequestOptions {
  requestedBy: string;
  source: 'manual' | 'auto';
  /** Runs in the transaction that stores the action (the route's audit entry). */
  audit?(tx: Transaction<DB>, action: ActionRecord): Promise<void>;
}

/**
 * Carries out a handler's request on an alert: renders an SMS now (template found up the org
 * chain), chooses the channel that serves the type (nearest org up the chain), and queues the
 * action for the dispatcher; a manual call waits for its result; adding to a list happens at once.
 * A request that cannot be carried out is refused with a clear error (no channel: 409 at
 * `channel`) — never queued into nothing. For auto-send (`source: 'auto'`), such an action is
 * stored as `failed` instead, visible and retryable, and a template already sent is not sent again
 * (the answer is then undefined).
 */
export async function requestAlertAction(s: Services, alert: AlertRow, b: ActionRequest, o: RequestOptions): Promise<ActionRecord | undefined> {
  checkShape(b);
  refuseCardNumbers(b);
  const { chain, data } = chainData(s, alert.org_id);
  const facts = await alertFacts(s, data, alert);
  const p = await plan(s, data, chain, facts, b);
  const base: Omit<NewAction, 'status' | 'channelId'> = {
    id: uuidv7(),
    orgId: alert.org_id,
    alertId: alert.id,
    caseId: null,
    type: b.type,
    kind: b.kind ?? null,
    source: o.source,
    params: p.params,
    context: facts.context,
    maxAttempts: s.actions.dispatcher.maxAttempts,
    requestedBy: o.requestedBy,
  };
  if (b.type === 'add_to_list') return addToList(s, data, chain, alert, base, o);
  let row: NewAction;
  if (p.channelType === null) {
    row = { ...base, status: 'awaiting_result', channelId: null };
  } else {
    const channel = p.problem ? undefined : await resolveChannel(data, chain, p.channelType);
    const problem = p.problem ?? (channel ? undefined : new AppError('CONFLICT', `no enabled channel serves ${p.channelType} for ${alert.org_id} or an org above it: configure one (POST /api/v1/action-channels)`, { path: 'channel' }));
    if (problem && o.source === 'manual') throw problem;
    row = problem ? { ...base, status: 'failed', channelId: null, lastError: problem.message, completedAt: new Date() } : { ...base, status: 'queued', channelId: channel!.id };
  }
  const stored = await withTransaction(s.db, async (tx) => {
    const r = await insertAction(data.in(tx), row, { skipDuplicate: o.source === 'auto' });
    if (r && o.audit) await o.audit(tx, r);
    return r;
  });
  if (stored?.status === 'queued') s.actions.dispatcher.wake();
  return stored;
}

/**
 * Adds the alert's subject (or the given value) to the nearest list of that key up the alert's org
 * chain, as an entry of the alert's org (seen by that org and the orgs below it), at once. A value
 * an org above already listed is left as it is (the action succeeds, saying so); one another bank
 * listed is not touched (the action fails). Stored as an action with one attempt.
 */
async function addToList(s: Services, data: OrgData, chain: string[], alert: AlertRow, base: Omit<NewAction, 'status' | 'channelId'>, o: RequestOptions, attempt = 1): Promise<ActionRecord> {
  const started = performance.now();
  const params = base.params;
  const lists = await data.selectFrom('lists').select(['id', 'org_id', 'dimension', 'key']).where('key', '=', String(params.list)).where('org_id', 'in', chain).execute();
  const list = chain.map((org) => lists.find((l) => l.org_id === org)).find(Boolean);
  let error: string | null = null;
  let entry: { value: string; display: string } | null = null;
  if (!list) error = `no list ${String(params.list)} for ${alert.org_id} or an org above it`;
  else {
    const dimension = list.dimension as ListDimension;
    const raw = params.from === 'subject' ? alert.subject_key : String(params.value);
    const display = params.from === 'subject' ? alert.subject_display : String(params.display);
    if (params.from === 'subject' && alert.subject_type !== dimension) error = `the alert’s subject is a ${alert.subject_type}; list ${list.key} holds ${dimension} values: give the value to add`;
    else if (dimension === 'card') entry = raw.startsWith('tok_') ? { value: raw, display } : null;
    else if (!raw.startsWith('tok_')) {
      const v = tryNormaliseListValue(dimension, raw);
      entry = v === null ? null : { value: v, display: params.from === 'subject' ? display : v };
    }
    if (!error && !entry) error = `${display} is not a valid ${dimension} value for list ${list.key}`;
  }
  const expiresAt = params.expiresIn ? Date.now() + parseWindow(String(params.expiresIn)) : null;
  const request = { list: params.list, listId: list?.id ?? null, listOrgId: list?.org_id ?? null, value: entry?.display ?? null, entryOrgId: alert.org_id, expiresAt: expiresAt === null ? null : new Date(expiresAt).toISOString() };
  let written = false;
  const record = await withTransaction(s.db, async (tx) => {
    const d = data.in(tx);
    let listedBy: string | null = null;
    if (entry && list && !error) {
      // A list holds one entry per value, whichever org added it: look at the holder first, so
      // that this write never changes another bank's entry. The node checks this for itself.
      const held = await OrgData.system(tx).selectFrom('list_entries').select('org_id').where('list_id', '=', list.id).where('value', '=', entry.value).forUpdate().executeTakeFirst();
      if (!held || s.orgs.isWithin(held.org_id, alert.org_id)) {
        const reason = maskDigitRuns(String(params.reason ?? `alert ${alert.id}`));
        await upsertEntries(d, list.id, [{ ...entry, reason, source: 'alert_action', expiresAt, orgId: alert.org_id, createdBy: base.requestedBy, createdAt: Date.now() }]);
        await bumpRevision(tx, 'lists');
        written = true;
      } else if (chain.includes(held.org_id)) listedBy = held.org_id;
      else error = `${entry.display} is already on list ${list.key} for another org`;
    }
    const status = error ? 'failed' : 'succeeded';
    const result = error ? null : { listId: list!.id, value: entry!.display, expiresAt: listedBy ? null : request.expiresAt, ...(listedBy ? { alreadyListedBy: listedBy } : {}) };
    let r: ActionRecord | undefined;
    if (attempt === 1) {
      r = await insertAction(d, { ...base, status, channelId: null, attempts: 1, result, lastError: error, completedAt: new Date() });
    } else {
      r = await finishAction(d, base.id, ['sending'], { status, attempts: attempt, result, lastError: error });
    }
    if (!r) throw new AppError('CONFLICT', 'the action changed meanwhile; reload it', { path: 'id' });
    await insertAttempt(d, { actionId: r.id, orgId: r.orgId, attempt, outcome: error ? 'failed' : 'succeeded', request, error, durationMs: performance.now() - started });
    if (o.audit) await o.audit(tx, r);
    return r;
  });
  if (written) await s.changed('lists');
  return record;
}

/**
 * Queues the automatic SMS of a newly opened alert: for each template key of the alert's org chain,
 * the template the org uses (nearest org, zh-CN first), when it is enabled and its `autoSend` rule
 * matches the alert's category and level. One SMS per key and alert, however often this is called;
 * one that cannot be sent (no channel, a variable the alert lacks) is stored as `failed`, visible
 * and retryable. Never throws: the alert is open whatever happens here.
 */
export async function autoActionsOnAlertOpened(s: Services, alertId: string): Promise<void> {
  try {
    // The node acts for itself here: the alert's org decides everything after this read.
    const alert = await findAlert(OrgData.system(s.db), alertId);
    if (!alert) return;
    const { chain, data } = chainData(s, alert.org_id);
    const templates = await listTemplates(data, { orgIds: chain });
    for (const key of new Set(templates.map((t) => t.key))) {
      const t = resolveTemplate(templates, chain, key);
      if (!t || !t.enabled || !autoSendMatches(t.autoSend, alert)) continue;
      try {
        await requestAlertAction(s, alert, { type: 'sms', template: key, locale: t.locale }, { requestedBy: 'system:auto-send', source: 'auto' });
      } catch (e) {
        s.actions.log.error({ err: e, alertId, template: key }, 'auto-send of an alert SMS failed');
      }
    }
  } catch (e) {
    s.actions.log.error({ err: e, alertId }, 'auto-send of alert SMS failed');
  }
}

/**
 * Sends a failed action again with a fresh set of attempts, keeping its history: through the
 * channel that serves its type now (409 at `channel` when none does); a list write is done again
 * at once. 409 for an action that has not failed.
 */
export async function retryAction(s: Services, data: OrgData, id: string, o: Omit<RequestOptions, 'source'>): Promise<ActionRecord> {
  const a = await getAction(data, id);
  if (!a) throw new AppError('NOT_FOUND', 'action not found', { path: 'id' });
  if (a.status !== 'failed') throw new AppError('CONFLICT', `only a failed action can be retried; this one is ${a.status}`, { path: 'id' });
  const { chain, data: chained } = chainData(s, a.orgId);
  if (a.type === 'add_to_list') {
    const alert = a.alertId ? await findAlert(chained, a.alertId) : undefined;
    if (!alert) throw new AppError('CONFLICT', 'the action’s alert no longer exists', { path: 'id' });
    const taken = await takeForRetry(data, a);
    try {
      return await addToList(s, chained, chain, alert, taken, { ...o, source: 'manual' }, a.attempts + 1);
    } catch (e) {
      await finishAction(data, a.id, ['sending'], { status: 'failed', lastError: `the retry failed: ${(e as Error).message}`.slice(0, 500) });
      throw e;
    }
  }
  if (a.type === 'sms' && typeof a.params.text !== 'string') throw new AppError('CONFLICT', 'the message was never rendered (the alert lacked a variable): send a new SMS with a custom text', { path: 'template' });
  const channel = await resolveChannel(chained, chain, a.type as ChannelActionType);
  if (!channel) throw new AppError('CONFLICT', `no enabled channel serves ${a.type} for ${a.orgId} or an org above it`, { path: 'channel' });
  const r = await withTransaction(s.db, async (tx) => {
    const q = await requeueFailedAction(data.in(tx), a.id, channel.id, s.actions.dispatcher.maxAttempts);
    if (!q) throw new AppError('CONFLICT', 'the action changed meanwhile; reload it', { path: 'id' });
    if (o.audit) await o.audit(tx, q);
    return q;
  });
  s.actions.dispatcher.wake();
  return r;
}

/**
 * Takes a failed list write for doing it again: `sending` under a short lease, so two retries at
 * once do not both run it, and a node that dies meanwhile leaves it to the dispatcher, which
 * fails it visibly once the lease runs out.
 */
async function takeForRetry(data: OrgData, a: ActionRecord): Promise<Omit<NewAction, 'status' | 'channelId'>> {
  const r = await data
    .updateTable('alert_actions')
    .set({ status: 'sending', lease_until: new Date(Date.now() + 60_000), next_attempt_at: new Date(Date.now() + 60_000), updated_at: new Date() })
    .where('id', '=', a.id)
    .where('status', '=', 'failed')
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) throw new AppError('CONFLICT', 'the action changed meanwhile; reload it', { path: 'id' });
  return { id: a.id, orgId: a.orgId, alertId: a.alertId, caseId: a.caseId, type: a.type, kind: a.kind, source: a.source, params: a.params, context: a.context, maxAttempts: a.maxAttempts, requestedBy: a.requestedBy };
}

/**
 * Records how a call went: a manual call waiting for its result, or a robot call whose channel
 * accepted it without reporting an outcome yet. 409 for any other action.
 */
export async function recordCallResult(s: Services, data: OrgData, id: string, r: { outcome: CallOutcome; note?: string }, o: Omit<RequestOptions, 'source'>): Promise<ActionRecord> {
  if (!CALL_OUTCOMES.includes(r.outcome)) throw new AppError('VALIDATION_FAILED', `outcome must be one of ${CALL_OUTCOMES.join(', ')}`, { path: 'outcome' });
  if (r.note !== undefined && findCardNumber(r.note)) throw new AppError('SENSITIVE_DATA_REFUSED', 'a card number is not accepted in free text', { path: 'note' });
  const a = await getAction(data, id);
  if (!a) throw new AppError('NOT_FOUND', 'action not found', { path: 'id' });
  const manual = a.type === 'call' && a.status === 'awaiting_result';
  const robot = a.type === 'call' && a.kind === 'robot' && a.status === 'succeeded' && !(a.result && 'outcome' in a.result);
  if (!manual && !robot) throw new AppError('CONFLICT', a.type !== 'call' ? 'only a call has a call result' : `this call’s result is already recorded (status ${a.status})`, { path: 'id' });
  const recorded = { outcome: r.outcome, ...(r.note !== undefined ? { note: r.note } : {}), recordedBy: o.requestedBy, recordedAt: new Date().toISOString() };
  const attempt = manual ? 1 : a.attempts;
  return withTransaction(s.db, async (tx) => {
    const d = data.in(tx);
    const done = await finishAction(d, a.id, [a.status], { status: 'succeeded', attempts: attempt, result: { ...(a.result ?? {}), ...recorded }, lastError: null });
    if (!done) throw new AppError('CONFLICT', 'the action changed meanwhile; reload it', { path: 'id' });
    await insertAttempt(d, { actionId: a.id, orgId: a.orgId, attempt, outcome: 'recorded', request: recorded, durationMs: 0 });
    if (o.audit) await o.audit(tx, done);
    return done;
  });
}

/** Cancels an action that has not been sent (queued), is waiting for a call result, or has failed. 409 otherwise. */
export async function cancelAction(s: Services, data: OrgData, id: string, o: Omit<RequestOptions, 'source'>): Promise<ActionRecord> {
  const a = await getAction(data, id);
  if (!a) throw new AppError('NOT_FOUND', 'action not found', { path: 'id' });
  return withTransaction(s.db, async (tx) => {
    const done = await finishAction(data.in(tx), a.id, ['queued', 'awaiting_result', 'failed'], { status: 'cancelled' });
    if (!done) throw new AppError('CONFLICT', `a ${a.status} action cannot be cancelled`, { path: 'id' });
    if (o.audit) await o.audit(tx, done);
    return done;
  });
}
