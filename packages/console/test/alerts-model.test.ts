import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../src/api/api-error.ts';
import type { Alert, AlertQueue, AlertTimelineEntry } from '../src/api/types.ts';
import { actionDetails, actionLabel, canCancel, canRecordResult, canRetry, controlRequest, requesterName, sendableTemplates } from '../src/modules/alerts/utils/action-model.ts';
import { alertFiltersToParams, alertFiltersToQuery, parseAlertFilters, type AlertFilters } from '../src/modules/alerts/utils/alert-filters.ts';
import { ALERT_LEVELS, ALERT_STATUSES, compareUrgency, DISPOSITIONS, ruleDecisionsPath, subjectEntityPath, SUBJECT_KINDS } from '../src/modules/alerts/utils/alert-model.ts';
import { alertsSection } from '../src/modules/alerts/utils/alerts-section.ts';
import { CATEGORY_FIELDS, categoryBody, fieldOfIssue, moveItem, newQueueValues, QUEUE_FIELDS, queueBody, queueValues } from '../src/modules/alerts/utils/config-forms.ts';
import { DUE_SOON_MS, formatSpan, slaCountdown } from '../src/modules/alerts/utils/sla.ts';
import { contributionSummary, timelineView } from '../src/modules/alerts/utils/timeline.ts';

const T0 = Date.parse('2026-11-21T10:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();

describe('the SLA countdown', () => {
  it('formats a span as a clock, with hours only when there are any and days before the clock', () => {
    expect(formatSpan(65_000)).toEqual({ days: 0, clock: '01:05' });
    expect(formatSpan(3_725_000)).toEqual({ days: 0, clock: '1:02:05' });
    expect(formatSpan(2 * 86_400_000 + 5_000)).toEqual({ days: 2, clock: '0:00:05' });
    expect(formatSpan(-61_500)).toEqual({ days: 0, clock: '01:01' });
    expect(formatSpan(0)).toEqual({ days: 0, clock: '00:00' });
  });

  it('turns orange in the last 15 minutes and red once the due time has passed, counting the time overdue', () => {
    const due = at(60 * 60_000);
    expect(slaCountdown(due, 'ok', 'assigned', T0)).toMatchObject({ state: 'ok', overdue: false, clock: '1:00:00' });
    expect(slaCountdown(due, 'ok', 'assigned', T0 + 60 * 60_000 - DUE_SOON_MS)).toMatchObject({ state: 'due_soon', clock: '15:00' });
    expect(slaCountdown(due, 'ok', 'assigned', T0 + 60 * 60_000)).toMatchObject({ state: 'breached', overdue: true });
    expect(slaCountdown(due, 'due_soon', 'open', T0 + 61 * 60_000 + 30_000)).toMatchObject({ state: 'breached', overdue: true, clock: '01:30' });
  });

  it('never looks better than the server said, and has nothing to count without a due time or once closed', () => {
    expect(slaCountdown(at(3_600_000), 'breached', 'assigned', T0)?.state).toBe('breached');
    expect(slaCountdown(at(3_600_000), 'due_soon', 'assigned', T0)?.state).toBe('due_soon');
    expect(slaCountdown(null, null, 'open', T0)).toBeNull();
    expect(slaCountdown(at(-5), 'breached', 'closed', T0)).toBeNull();
    expect(slaCountdown('not a time', 'ok', 'open', T0)).toBeNull();
  });

  it('is never ok past the due time nor breached before it (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10 * 86_400_000, max: 10 * 86_400_000 }), fc.constantFrom('ok' as const, 'due_soon' as const, null), (offset, server) => {
        const c = slaCountdown(at(offset), server, 'assigned', T0)!;
        expect(c.overdue).toBe(offset <= 0);
        if (offset <= 0) expect(c.state).toBe('breached');
        else expect(c.state).not.toBe('breached');
        if (offset > DUE_SOON_MS) expect(c.state).toBe(server === 'due_soon' ? 'due_soon' : 'ok');
      }),
    );
  });
});

describe('alert search filters in the address bar', () => {
  it('reads a link and writes it back the same', () => {
    const from = '2026-11-21T10:00:00.000Z';
    const qs = `status=open&status=assigned&level=high,critical&category=card_testing&disposition=confirmed_fraud&org=bank_a&assignee=me&breached=1&eventType=card_auth&from=${encodeURIComponent(from)}&subjectType=card&subjectKey=tok_abc&limit=20`;
    const f = parseAlertFilters(new URLSearchParams(qs));
    expect(f).toEqual({
      statuses: ['open', 'assigned'],
      levels: ['high', 'critical'],
      categories: ['card_testing'],
      dispositions: ['confirmed_fraud'],
      org: 'bank_a',
      assignee: 'me',
      breached: true,
      eventType: 'card_auth',
      from,
      to: undefined,
      subjectType: 'card',
      subjectKey: 'tok_abc',
      limit: 20,
    });
    expect(parseAlertFilters(alertFiltersToParams(f))).toEqual(f);
  });

  it('drops what is malformed and keeps the API’s order', () => {
    const f = parseAlertFilters(new URLSearchParams('level=critical,low,extreme&status=closed,open&category=Card Testing&category=ok_1&breached=maybe&from=yesterday&limit=7&subjectType=planet&subjectKey=x&disposition=lost'));
    expect(f.levels).toEqual(['low', 'critical']);
    expect(f.statuses).toEqual(['open', 'closed']);
    expect(f.categories).toEqual(['ok_1']);
    expect(f.dispositions).toEqual([]);
    expect(f.breached).toBeUndefined();
    expect(f.from).toBeUndefined();
    expect(f.limit).toBe(50);
    expect(f.subjectType).toBeUndefined();
    expect(alertFiltersToParams(f).toString()).toBe('status=open&status=closed&level=low&level=critical&category=ok_1');
  });

  it('round-trips any filters (property)', () => {
    const sub = <T,>(all: readonly T[]) => fc.subarray([...all]);
    const word = fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/);
    const filters: fc.Arbitrary<AlertFilters> = fc.record({
      statuses: sub(ALERT_STATUSES),
      levels: sub(ALERT_LEVELS),
      categories: fc.uniqueArray(word, { maxLength: 4 }),
      dispositions: sub(DISPOSITIONS),
      org: fc.option(word, { nil: undefined }),
      assignee: fc.option(word, { nil: undefined }),
      breached: fc.option(fc.boolean(), { nil: undefined }),
      eventType: fc.option(word, { nil: undefined }),
      from: fc.option(fc.integer({ min: 0, max: 4e12 }).map((n) => new Date(n).toISOString()), { nil: undefined }),
      to: fc.option(fc.integer({ min: 0, max: 4e12 }).map((n) => new Date(n).toISOString()), { nil: undefined }),
      subjectType: fc.constantFrom(...SUBJECT_KINDS),
      subjectKey: word,
      limit: fc.constantFrom(20, 50, 100),
    });
    fc.assert(
      fc.property(filters, (f) => {
        expect(parseAlertFilters(alertFiltersToParams(f))).toEqual(f);
      }),
    );
  });

  it('builds the API query: comma lists, newest first, the link’s org before the switcher’s', () => {
    const f = parseAlertFilters(new URLSearchParams('status=open&status=assigned&level=high&subjectType=card&subjectKey=tok_1'));
    expect(alertFiltersToQuery(f, 'bank_a_hz', '17_x')).toMatchObject({ status: 'open,assigned', level: 'high', org: 'bank_a_hz', subjectType: 'card', subjectKey: 'tok_1', sort: 'newest', cursor: '17_x', limit: 50 });
    expect(alertFiltersToQuery({ ...f, org: 'bank_a' }, 'bank_a_hz').org).toBe('bank_a');
    expect(alertFiltersToQuery({ ...f, statuses: [] }, undefined).status).toBeUndefined();
  });
});

describe('the timeline', () => {
  const entry = (kind: string, details: Record<string, unknown>, actor: string | null = 'a.handler'): AlertTimelineEntry => ({ at: at(0), kind, actor, details });

  it('reads a contribution: its level, decision, event, rules and amount', () => {
    const v = timelineView(entry('contribution', { source: 'decision', level: 'critical', decisionId: 'd-1', eventType: 'card_auth', eventId: 'e-1', ruleIds: ['big_auth', 7], note: null, amount: '5000' }, null), 0);
    expect(v).toMatchObject({ kind: 'contribution', color: 'red', actor: null, contribution: { level: 'critical', decisionId: 'd-1', eventId: 'e-1', eventType: 'card_auth', ruleIds: ['big_auth'], amount: 5000, note: null, source: 'decision' } });
  });

  it('reads each handling step with its details', () => {
    expect(timelineView(entry('routed', { queueId: 'q1' }, 'system'), 1)).toMatchObject({ kind: 'routed', queueId: 'q1', actor: 'system' });
    expect(timelineView(entry('assigned', { assignee: 'a.handler', mode: 'round_robin' }, 'system'), 2)).toMatchObject({ kind: 'assigned', assignee: 'a.handler', mode: 'round_robin', note: null });
    expect(timelineView(entry('reassigned', { from: 'a.handler', assignee: 'a.admin', note: 'mine' }), 3)).toMatchObject({ kind: 'reassigned', from: 'a.handler', assignee: 'a.admin', note: 'mine' });
    expect(timelineView(entry('released', { from: 'a.handler' }), 4)).toMatchObject({ kind: 'released', from: 'a.handler' });
    expect(timelineView(entry('claimed', {}), 5)).toMatchObject({ kind: 'claimed' });
    expect(timelineView(entry('note', { text: 'called' }), 6)).toMatchObject({ kind: 'note', text: 'called', color: 'cyan' });
    expect(timelineView(entry('disposed', { disposition: 'confirmed_fraud', note: 'denied' }), 7)).toMatchObject({ kind: 'disposed', disposition: 'confirmed_fraud', note: 'denied', color: 'red' });
    expect(timelineView(entry('disposed', { disposition: 'false_positive' }), 7)).toMatchObject({ disposition: 'false_positive', color: 'green' });
    expect(timelineView(entry('sla_breached', { dueAt: at(-1), escalationLevel: 2, from: 'q1', to: 'q9', previousAssignee: 'x' }, 'system'), 8)).toMatchObject({ kind: 'sla_breached', escalationLevel: 2, fromQueue: 'q1', toQueue: 'q9', assignee: null, color: 'red' });
    expect(timelineView(entry('reopened', {}), 9)).toMatchObject({ kind: 'reopened', note: null });
  });

  it('keeps an entry of a kind it does not know with every detail', () => {
    const v = timelineView(entry('action_requested', { type: 'sms', attempts: 2, params: { template: 'otp' }, ok: true }), 10);
    expect(v).toMatchObject({ kind: 'other', rawKind: 'action_requested' });
    expect(v.kind === 'other' && v.fields).toEqual([
      { name: 'type', value: 'sms' },
      { name: 'attempts', value: '2' },
      { name: 'params', value: '{"template":"otp"}' },
      { name: 'ok', value: 'true' },
    ]);
  });

  it('survives malformed details', () => {
    const v = timelineView({ at: at(0), kind: 'contribution', actor: null, details: { level: 'apocalyptic', ruleIds: 'x', amount: 'lots' } }, 0);
    expect(v).toMatchObject({ kind: 'contribution', color: 'blue', contribution: { level: null, ruleIds: [], amount: null, decisionId: null } });
    expect(timelineView({ at: at(0), kind: 'note', actor: 'x', details: {} }, 0)).toMatchObject({ kind: 'note', text: '' });
  });

  it('counts the contributions and the levels they brought', () => {
    const views = [entry('contribution', { level: 'high' }, null), entry('contribution', { level: 'critical' }, null), entry('contribution', { level: 'high' }, null), entry('note', { text: 'x' })].map(timelineView);
    expect(contributionSummary(views)).toEqual({ count: 3, levels: { high: 2, critical: 1 } });
  });
});

describe('the alert lists', () => {
  const alert = (over: Partial<Alert>): Pick<Alert, 'sla' | 'dueAt' | 'level' | 'createdAt'> => ({ sla: 'ok', dueAt: at(3_600_000), level: 'medium', createdAt: at(0), ...over });

  it('merges queues most urgent first: breached, soonest due, higher level, oldest', () => {
    const items = {
      breached: alert({ sla: 'breached', dueAt: at(-60_000) }),
      soon: alert({ dueAt: at(60_000), level: 'low' }),
      laterCritical: alert({ dueAt: at(7_200_000), level: 'critical' }),
      laterHigh: alert({ dueAt: at(7_200_000), level: 'high' }),
      laterHighNewer: alert({ dueAt: at(7_200_000), level: 'high', createdAt: at(5) }),
      none: alert({ dueAt: null, sla: null, level: 'critical' }),
    };
    const sorted = Object.entries(items)
      .sort(([, a], [, b]) => compareUrgency(a, b))
      .map(([k]) => k);
    expect(sorted).toEqual(['breached', 'soon', 'laterCritical', 'laterHigh', 'laterHighNewer', 'none']);
  });

  it('links a subject to its entity view and a rule to the subject’s decisions that hit it', () => {
    expect(subjectEntityPath({ type: 'card', key: 'tok_a/b' })).toBe('/entity/card/tok_a%2Fb');
    expect(subjectEntityPath({ type: 'id_number', key: 'x' })).toBeUndefined();
    expect(ruleDecisionsPath('card_testing', { type: 'card', key: 'tok_1' })).toBe('/decisions?rule=card_testing&entityType=card&value=tok_1');
    expect(ruleDecisionsPath('r', { type: 'event', key: 'e-1' })).toBe('/decisions?rule=r');
  });

  it('tells which section of the alert center a location is in', () => {
    expect(alertsSection('/alerts')).toBe('queue');
    expect(alertsSection('/alerts/')).toBe('queue');
    expect(alertsSection('/alerts/queues')).toBe('queues');
    expect(alertsSection('/alerts/queues/q-1')).toBe('queues');
    expect(alertsSection('/alerts/search')).toBe('search');
    expect(alertsSection('/alerts/admin')).toBe('admin');
    expect(alertsSection('/alerts/3f2a-uuid')).toBeUndefined();
  });
});

describe('the administration forms', () => {
  const queue: AlertQueue = {
    id: 'q1',
    orgId: 'bank_a',
    name: { zh: '卡组', en: 'Card desk' },
    position: 10,
    filters: { categories: ['card_testing'] },
    roles: ['alert_handler'],
    assignment: 'round_robin',
    slaMinutes: { critical: 15, high: 60 },
    escalateTo: 'q9',
    enabled: true,
    updatedBy: 'system',
    createdAt: at(0),
    updatedAt: at(0),
    inherited: false,
    serving: true,
    counts: { open: 1, assigned: 2, breached: 0 },
  };

  it('edits a queue and sends it back as it was, leaving out empty filters and unset SLAs', () => {
    const v = queueValues(queue);
    expect(v.filters).toEqual({ categories: ['card_testing'], levels: [], eventTypes: [], orgs: [] });
    expect(queueBody(v, false)).toEqual({ name: queue.name, position: 10, filters: { categories: ['card_testing'] }, roles: ['alert_handler'], assignment: 'round_robin', slaMinutes: { critical: 15, high: 60 }, escalateTo: 'q9', enabled: true });
    const cleared = queueBody({ ...v, name: { zh: ' 卡组 ', en: 'Card desk ' }, slaMinutes: { critical: null, high: 30 }, escalateTo: undefined }, true);
    expect(cleared).toMatchObject({ orgId: 'bank_a', name: { zh: '卡组', en: 'Card desk' }, slaMinutes: { high: 30 }, escalateTo: null });
  });

  it('starts a new queue with the demo’s SLA and round-robin', () => {
    expect(queueBody(newQueueValues('bank_a_hz'), true)).toMatchObject({ orgId: 'bank_a_hz', filters: {}, roles: ['alert_handler'], assignment: 'round_robin', slaMinutes: { critical: 15, high: 60, medium: 240, low: 1440 }, escalateTo: null, enabled: true });
  });

  it('puts a server issue at its field, whatever form its path takes', () => {
    expect(fieldOfIssue('filters.orgs[1]', QUEUE_FIELDS)).toEqual(['filters', 'orgs']);
    expect(fieldOfIssue('roles[0]', QUEUE_FIELDS)).toEqual(['roles']);
    expect(fieldOfIssue('escalateTo', QUEUE_FIELDS)).toEqual(['escalateTo']);
    expect(fieldOfIssue('/slaMinutes/high', QUEUE_FIELDS)).toEqual(['slaMinutes', 'high']);
    expect(fieldOfIssue('body.name.zh', QUEUE_FIELDS)).toEqual(['name', 'zh']);
    expect(fieldOfIssue('filters.levels.0', QUEUE_FIELDS)).toEqual(['filters', 'levels']);
    expect(fieldOfIssue('', QUEUE_FIELDS)).toBeUndefined();
    expect(fieldOfIssue('querystring.org', QUEUE_FIELDS)).toBeUndefined();
    expect(fieldOfIssue('mergeBy[2]', CATEGORY_FIELDS)).toEqual(['mergeBy']);
  });

  it('orders the merge-by kinds', () => {
    expect(moveItem(['card', 'account', 'customer'], 2, -1)).toEqual(['card', 'customer', 'account']);
    expect(moveItem(['card', 'account'], 0, -1)).toEqual(['card', 'account']);
    expect(moveItem(['card', 'account'], 1, 1)).toEqual(['card', 'account']);
    expect(categoryBody({ key: 'k', name: { zh: ' 名 ', en: 'Name' }, description: '', mergeBy: ['device', 'ip'], windowMinutes: 30 }, 'bank_a')).toEqual({ orgId: 'bank_a', name: { zh: '名', en: 'Name' }, description: '', mergeBy: ['device', 'ip'], windowMinutes: 30 });
  });
});

describe('the actions card', () => {
  it('names each action by its type and kind', () => {
    expect(actionLabel({ type: 'sms' })).toBe('sms');
    expect(actionLabel({ type: 'call', kind: 'robot' })).toBe('call.robot');
    expect(actionLabel({ type: 'call', kind: null })).toBe('call.manual');
    expect(actionLabel({ type: 'control', kind: 'freeze_card' })).toBe('control.freeze_card');
    expect(actionLabel({ type: 'control', kind: 'robot' })).toBe('control');
    expect(actionLabel({ type: 'add_to_list' })).toBe('add_to_list');
    expect(requesterName('user:a.handler')).toBe('a.handler');
    expect(requesterName('system:auto-send')).toBe('auto-send');
    expect(requesterName('someone')).toBe('someone');
  });

  it('reads what the server’s params and result say: an SMS’s text, a call’s outcome and note, a reference, a list write', () => {
    // As the simulator channel answers (packages/server/src/runtime/channels/simulator-channel.ts).
    expect(actionDetails({ type: 'sms', params: { template: 'txn_verify', templateId: 't', locale: 'zh-CN', text: '【甲银行】您的银行卡622202*****1118…' }, result: { messageId: 'SIMSMS-ABC', deliveryStatus: 'delivered', segments: 1 } })).toEqual({
      text: '【甲银行】您的银行卡622202*****1118…',
      template: 'txn_verify',
      reference: 'SIMSMS-ABC',
    });
    expect(actionDetails({ type: 'sms', params: { template: 'txn_verify', locale: 'en-US', missing: ['amount'] }, result: null })).toEqual({ template: 'txn_verify', missing: ['amount'] });
    expect(actionDetails({ type: 'call', params: {}, result: { callId: 'SIMCALL-1', outcome: 'no_answer', durationSec: 0 } })).toEqual({ outcome: 'no_answer', reference: 'SIMCALL-1' });
    expect(actionDetails({ type: 'call', params: { note: 'ask about the ATM' }, result: { outcome: 'answered_denied', note: 'denies both', recordedBy: 'user:a', recordedAt: 'x' } })).toEqual({ outcome: 'answered_denied', note: 'denies both' });
    expect(actionDetails({ type: 'call', params: {}, result: { outcome: 'denied' } })).toEqual({});
    expect(actionDetails({ type: 'control', params: { reason: 'card testing', channel: 'online', limit: 0 }, result: { reference: 'SIMLIM-1', status: 'applied', kind: 'limit_channel' } })).toEqual({ reason: 'card testing', reference: 'SIMLIM-1', limit: { channel: 'online', limit: 0 } });
    expect(actionDetails({ type: 'add_to_list', params: { list: 'card_black', from: 'subject' }, result: { listId: 'l', value: '622202*****1118', expiresAt: null, alreadyListedBy: 'root' } })).toEqual({ listed: { value: '622202*****1118', list: 'card_black', alreadyListedBy: 'root' } });
  });

  it('offers a retry, a call result and a cancel only where the server takes them', () => {
    const a = { type: 'sms' as const, kind: null, status: 'failed' as const, params: { text: 'hi' }, result: null };
    expect(canRetry(a)).toBe(true);
    expect(canRetry({ ...a, params: { missing: ['amount'] } })).toBe(false);
    expect(canRetry({ ...a, status: 'succeeded' })).toBe(false);
    expect(canRetry({ ...a, type: 'control', params: {} })).toBe(true);
    expect(canRecordResult({ ...a, type: 'call', kind: 'manual', status: 'awaiting_result' })).toBe(true);
    expect(canRecordResult({ ...a, type: 'call', kind: 'robot', status: 'succeeded', result: { callId: 'c' } })).toBe(true);
    expect(canRecordResult({ ...a, type: 'call', kind: 'robot', status: 'succeeded', result: { callId: 'c', outcome: 'busy' } })).toBe(false);
    expect(canRecordResult({ ...a, type: 'call', kind: 'manual', status: 'succeeded' })).toBe(false);
    expect(canRecordResult({ ...a, status: 'awaiting_result' })).toBe(false);
    expect((['queued', 'sending', 'awaiting_result', 'succeeded', 'failed', 'cancelled'] as const).filter((status) => canCancel({ status }))).toEqual(['queued', 'awaiting_result', 'failed']);
  });

  it('asks for a control action, with the channel and limit for limit_channel', () => {
    expect(controlRequest('freeze_card', { channel: 'pos', limit: 10 })).toEqual({ type: 'control', kind: 'freeze_card' });
    expect(controlRequest('limit_channel', { channel: 'pos', limit: 10 })).toEqual({ type: 'control', kind: 'limit_channel', params: { channel: 'pos', limit: 10 } });
    expect(controlRequest('limit_channel')).toEqual({ type: 'control', kind: 'limit_channel', params: { channel: 'online', limit: 0 } });
  });

  it('offers one template per key and language (the caller’s own over an inherited one), enabled, the user’s language first, and names their variables', () => {
    const tpl = (id: string, key: string, locale: 'zh-CN' | 'en-US', enabled = true, inherited = true) => ({ id, orgId: inherited ? 'root' : 'bank_a', key, name: key, locale, body: '', enabled, inherited });
    expect(sendableTemplates([tpl('1', 'b', 'en-US'), tpl('2', 'a', 'en-US'), tpl('3', 'b', 'zh-CN'), tpl('4', 'a', 'zh-CN', false)], 'zh-CN').map((x) => x.id)).toEqual(['3', '2', '1']);
    // bank_a overrides the union's zh-CN `b` and switches off its `a` in zh-CN; en-US stays inherited.
    expect(sendableTemplates([tpl('1', 'b', 'zh-CN'), tpl('2', 'b', 'zh-CN', true, false), tpl('3', 'a', 'zh-CN'), tpl('4', 'a', 'zh-CN', false, false), tpl('5', 'a', 'en-US')], 'zh-CN').map((x) => x.id)).toEqual(['2', '5']);
  });
});
