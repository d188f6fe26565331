import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrgData } from '../../../server/src/repos/scoped.ts';
import { cardAuth } from '../../../server/test/harness.ts';
import { HAVE_CHROMIUM, startConsole, type Console, type E2ePage } from './browser-harness.ts';

/** Answers and re-renders may take a while on a busy two-core machine. */
const POLL = { timeout: 20_000, interval: 200 };

interface AlertRow {
  id: string;
  eventCount: number;
  assignee: string | null;
  subject: { display: string; key: string };
}

describe.skipIf(!HAVE_CHROMIUM)('the alert center in the console', () => {
  let c: Console;
  const card1 = '6222025151000011118';
  const card2 = '6222025252000022226';
  const card3 = '6222025353000033334';
  /** How many of a burst's decisions raised a card-testing alert (each one contribution). */
  const raised = new Map<string, number>();

  /** A card-testing burst at bank_a_hz: tiny card-not-present payments; from the fifth on, card_testing fires and raises an alert. */
  const burst = async (card: string, n: number) => {
    let hits = 0;
    for (let i = 0; i < n; i++) {
      const r = await c.node.json('POST', '/api/v1/decisions', cardAuth({ card, org: 'bank_a_hz', amount: 1.25 + i / 100, channel: 'ECOM', entry_mode: 'ecom', merchant_id: `m-${card.slice(-4)}`, device_id: `dev-e2e-${card.slice(-4)}-${i}` }), c.node.creds.apiKey);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      if (r.body.hits.some((h: { ruleId: string }) => h.ruleId === 'card_testing')) hits++;
    }
    raised.set(card, hits);
  };
  /** Files what the decisions raised (the feed does so within a second anyway; this waits for it). */
  const filed = async () => {
    const feed = c.node.vigil.services.alerts.feed;
    await c.node.vigil.services.writer.flush();
    await feed.idle();
    await feed.drain();
    await feed.idle();
  };
  /** The card-testing alert of a card, as the API shows it to the union's admin key. */
  const alertOf = async (card: string): Promise<AlertRow> => {
    const token = c.node.vigil.services.tokenizer.tokenize(card);
    const r = await c.node.json('GET', `/api/v1/alerts?subjectType=card&subjectKey=${encodeURIComponent(token)}&category=card_testing`);
    expect(r.status).toBe(200);
    expect(r.body.items).toHaveLength(1);
    return r.body.items[0];
  };
  const rowOf = (page: Page, table: string, id: string): Locator => page.getByTestId(table).locator('tr.ant-table-row', { has: page.locator(`a[href="/alerts/${id}"]`) });

  beforeAll(async () => {
    c = await startConsole();
    await burst(card1, 9);
    await filed();
    // A second handler at bank A, so that the card desk's round robin has someone to alternate with.
    const user = await c.node.json('POST', '/api/v1/users', { username: 'a.handler2', displayName: 'A Handler Two', orgId: 'bank_a', roles: ['alert_handler'], password: 'Second-handler-42!' });
    expect(user.status, JSON.stringify(user.body)).toBe(201);
    await burst(card2, 7);
    await burst(card3, 6);
    await filed();
  }, 240_000);
  afterAll(async () => {
    await c?.close();
  });

  it('a handler finds the merged alert in her queue with its SLA countdown, opens its timeline, adds a note and disposes of it as confirmed fraud', async () => {
    const n = raised.get(card1)!;
    expect(n).toBeGreaterThan(2);
    const alert = await alertOf(card1);
    expect(alert).toMatchObject({ eventCount: n, assignee: 'a.handler' });
    expect(JSON.stringify(alert)).not.toContain(card1);

    const page = await c.newPage();
    await c.open(page, '/alerts', 'a.handler');
    await page.getByTestId('my-queue').waitFor();
    const row = rowOf(page, 'mine-table', alert.id);
    await row.waitFor();
    expect(await row.getByTestId('alert-link').textContent()).toBe(alert.subject.display);
    expect(await row.getByTestId('alert-category').textContent()).toBe('Card testing');
    expect(await row.getByTestId('alert-events').textContent()).toBe(String(n));
    expect(await row.getByTestId('level-high').count()).toBe(1);
    // The card desk's SLA for a high alert: an hour from its opening, counting down.
    const sla = row.getByTestId('sla-indicator');
    expect(await sla.getAttribute('data-state')).toBe('ok');
    const before = await sla.textContent();
    expect(before).toMatch(/^\d+:\d\d:\d\d left|^\d\d:\d\d left/);
    await expect.poll(() => sla.textContent(), POLL).not.toBe(before);
    expect(await page.getByTestId('alerts-nav').textContent()).not.toContain('Administration');
    await c.shot(page, 'alerts-01-my-queue');

    // The alert: the merged timeline with every contribution and the decisions behind them.
    await row.getByTestId('alert-link').click();
    await page.getByTestId('alert-detail').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/alerts/${alert.id}`);
    expect(await page.getByTestId('summary-events').textContent()).toBe(String(n));
    expect(await page.getByTestId('summary-assignee').textContent()).toBe('a.handler');
    expect(await page.getByTestId('summary-queue').textContent()).toBe('Bank A card fraud desk');
    expect(await page.getByTestId('summary-merge').textContent()).toMatch(/^Merging until /);
    expect(await page.getByTestId('summary-rules').textContent()).toContain('card_testing');
    const timeline = page.getByTestId('alert-timeline');
    await expect.poll(() => timeline.getByTestId('timeline-contribution').count(), POLL).toBe(n);
    expect(await timeline.getByTestId('timeline-decision-link').count()).toBe(n);
    expect(await timeline.getByTestId('timeline-routed').textContent()).toContain('Routed to Bank A card fraud desk');
    expect(await timeline.getByTestId('timeline-assigned').textContent()).toContain('Assigned to a.handler');
    await page.getByTestId('alert-decisions').locator('tr.ant-table-row').first().waitFor();
    expect(await page.getByTestId('alert-decisions').locator('tr.ant-table-row').count()).toBe(Math.min(n, 10));
    // The actions card lists the SMS the union's template sent to the customer when the alert opened.
    const autoSms = page.getByTestId('alert-actions-card').getByTestId('action-row').filter({ has: page.getByTestId('action-source-auto') });
    await autoSms.getByTestId('action-status-succeeded').waitFor();
    expect(await autoSms.getByTestId('action-template').textContent()).toBe('txn_verify');
    expect(await autoSms.getByTestId('action-text').textContent()).toContain(alert.subject.display);
    expect(await page.getByTestId('alert-detail').textContent()).not.toContain(card1);
    await c.shot(page, 'alerts-02-detail-timeline');

    // A note on the timeline.
    await page.getByTestId('action-note').click();
    await page.getByTestId('note-text').fill('Called the customer: she denies every one of these payments.');
    await page.getByTestId('note-ok').click();
    await timeline.getByTestId('timeline-note').filter({ hasText: 'she denies every one' }).waitFor();

    // Dispose of it as confirmed fraud: every contributing event is labelled.
    await page.getByTestId('action-dispose').click();
    await page.getByTestId('dispose-confirmed_fraud').click();
    await page.getByTestId('dispose-note').fill('Card testing confirmed by the cardholder.');
    await c.shot(page, 'alerts-03-dispose-dialog');
    await page.getByTestId('dispose-ok').click();
    await page.locator('.alert-disposed-message').filter({ hasText: `${n} event(s) labelled` }).waitFor();
    await page.getByTestId('summary-status').getByTestId('disposition-confirmed_fraud').waitFor();
    await timeline.getByTestId('timeline-disposed').waitFor();
    expect(await page.getByTestId('action-dispose').count()).toBe(0);
    expect(await page.getByTestId('summary-merge').textContent()).toMatch(/^No longer merging/);
    await c.shot(page, 'alerts-04-disposed');

    const after = (await c.node.json('GET', `/api/v1/alerts/${alert.id}`)).body;
    expect(after.alert).toMatchObject({ status: 'closed', disposition: 'confirmed_fraud', disposedBy: 'a.handler' });
    expect(after.timeline.map((t: { kind: string }) => t.kind).slice(-2)).toEqual(['note', 'disposed']);

    // It has left her queue.
    await page.getByTestId('alerts-nav-queue').click();
    await page.getByTestId('mine-table').waitFor();
    await expect.poll(() => rowOf(page, 'mine-table', alert.id).count(), POLL).toBe(0);
    expect((page as E2ePage).errors).toEqual([]);
  });

  it('a supervisor sees the team queues and reassigns an alert to the handler with the lighter load', async () => {
    const alert = await alertOf(card2);
    expect(alert.assignee).toMatch(/^a\.handler2?$/);
    const other = alert.assignee === 'a.handler' ? 'a.handler2' : 'a.handler';

    const page = await c.newPage();
    await c.open(page, '/alerts/queues', 'a.admin');
    const desk = page.getByTestId('queues-table').locator('tr.ant-table-row', { hasText: 'Bank A card fraud desk' });
    await desk.waitFor();
    expect(Number(await desk.getByTestId('queue-assigned').textContent())).toBeGreaterThanOrEqual(1);
    // The supervisors' escalation queue is served by org admins: a.admin serves it, not the card desk.
    expect(await desk.getByTestId('queue-serving').count()).toBe(0);
    expect(await page.getByTestId('queues-table').locator('tr.ant-table-row', { hasText: 'Bank A escalations (supervisors)' }).getByTestId('queue-serving').count()).toBe(1);
    expect(await page.getByTestId('queues-table').textContent()).not.toContain('Bank B');
    await c.shot(page, 'alerts-05-team-queues');

    await desk.getByTestId('queue-link').click();
    await page.getByTestId('queue-page').waitFor();
    await page.getByTestId('queue-handlers').getByText(/a\.handler2 \(\d+ assigned\)/).waitFor();
    const row = rowOf(page, 'queue-alerts', alert.id);
    await row.waitFor();
    expect(await row.getByTestId('alert-assignee').textContent()).toBe(alert.assignee);
    await row.getByTestId('alert-assign').click();
    await page.getByTestId('assign-modal').waitFor();
    expect(await page.getByTestId('assign-current').textContent()).toContain(alert.assignee!);
    await page.getByTestId('assign-select').click();
    await page.locator('.ant-select-item-option', { hasText: `${other} (` }).click();
    await page.getByTestId('assign-note').fill('Balancing the desk');
    await c.shot(page, 'alerts-06-reassign-dialog');
    await page.getByTestId('assign-ok').click();
    await page.getByTestId('assign-modal').waitFor({ state: 'hidden' });
    await expect.poll(() => row.getByTestId('alert-assignee').textContent(), POLL).toBe(other);
    await c.shot(page, 'alerts-07-queue-reassigned');

    const after = (await c.node.json('GET', `/api/v1/alerts/${alert.id}`)).body;
    expect(after.alert.assignee).toBe(other);
    expect(after.timeline.at(-1)).toMatchObject({ kind: 'reassigned', actor: 'a.admin', details: { from: alert.assignee, assignee: other, note: 'Balancing the desk' } });
    expect((page as E2ePage).errors).toEqual([]);
  });

  it('turns the countdown orange when due soon and red once breached; the SLA job escalates to the supervisors, who claim it in one click', async () => {
    // The SLA job's timer is stopped: this test moves the due times and runs the job itself.
    const sla = c.node.vigil.services.alerts.sla;
    await sla.stop();
    const soon = await alertOf(card2);
    const late = await alertOf(card3);
    const db = OrgData.system(c.node.vigil.database.db);
    const due = (id: string, ms: number) => db.updateTable('alerts').set({ due_at: new Date(Date.now() + ms) }).where('id', '=', id).execute();
    await due(soon.id, 10 * 60_000);
    await due(late.id, -90_000);

    const page = await c.newPage();
    await c.open(page, '/alerts/queues', 'a.admin');
    await page.getByTestId('queues-table').getByTestId('queue-link').filter({ hasText: 'Bank A card fraud desk' }).click();
    await page.getByTestId('queue-page').waitFor();
    const soonRow = rowOf(page, 'queue-alerts', soon.id);
    const lateRow = rowOf(page, 'queue-alerts', late.id);
    await expect.poll(() => soonRow.getByTestId('sla-indicator').getAttribute('data-state'), POLL).toBe('due_soon');
    await expect.poll(() => lateRow.getByTestId('sla-indicator').getAttribute('data-state'), POLL).toBe('breached');
    expect(await soonRow.getByTestId('sla-indicator').textContent()).toMatch(/^(09|10):\d\d left$/);
    expect(await lateRow.getByTestId('sla-indicator').textContent()).toMatch(/^01:\d\d overdue$/);
    expect(await lateRow.getByTestId('sla-indicator').locator('.ant-tag-red').count()).toBe(1);
    expect(await soonRow.getByTestId('sla-indicator').locator('.ant-tag-orange').count()).toBe(1);
    await c.shot(page, 'alerts-08-sla-due-soon-and-breached');

    // The SLA job escalates the breached one to the supervisors' queue (manual: nobody holds it).
    expect(await sla.run()).toBe(1);
    await page.getByTestId('alerts-nav-queue').click();
    await page.getByTestId('tab-claimable').click();
    const claimRow = rowOf(page, 'claimable-table', late.id);
    await claimRow.waitFor();
    expect(await claimRow.getByTestId('escalation-level').textContent()).toBe('Escalated ×1');
    await c.shot(page, 'alerts-09-my-queue-to-claim');
    await claimRow.getByTestId('alert-claim').click();
    await expect.poll(() => claimRow.count(), POLL).toBe(0);
    await page.getByTestId('tab-mine').click();
    const mine = rowOf(page, 'mine-table', late.id);
    await mine.waitFor();
    await mine.getByTestId('alert-link').click();
    await page.getByTestId('alert-detail').waitFor();
    expect(await page.getByTestId('summary-assignee').textContent()).toBe('a.admin');
    expect(await page.getByTestId('summary-queue').textContent()).toBe('Bank A escalations (supervisors)');
    expect(await page.getByTestId('summary-escalation').textContent()).toMatch(/^Level 1, last at /);
    const breach = page.getByTestId('alert-timeline').getByTestId('timeline-sla_breached');
    expect(await breach.textContent()).toContain('Moved to Bank A escalations (supervisors)');
    expect(await page.getByTestId('alert-timeline').getByTestId('timeline-claimed').count()).toBe(1);
    await page.getByTestId('timeline-order').getByText('Newest first').click();
    await c.shot(page, 'alerts-10-escalated-detail');
    expect((page as E2ePage).errors).toEqual([]);
  });

  it('an administrator of the alert center overrides how a category merges and sees the queues to edit', async () => {
    const page = await c.newPage();
    await c.open(page, '/alerts/admin', 'a.admin');
    await page.getByTestId('queues-admin-table').locator('tr.ant-table-row', { hasText: 'Bank A card fraud desk' }).waitFor();
    await c.shot(page, 'alerts-11-admin-queues');
    await page.getByTestId('admin-tab-categories').click();
    const row = page.getByTestId('categories-table').locator('tr.ant-table-row', { hasText: 'card_testing' });
    await row.getByTestId('category-inherited').waitFor();
    expect(await row.textContent()).toContain('card_auth_default');
    await row.getByTestId('category-override-card_testing').click();
    await page.getByTestId('category-drawer').waitFor();
    await page.getByTestId('merge-by-add-device').click();
    await page.getByTestId('merge-by-device').waitFor();
    await page.getByTestId('category-window').fill('30');
    await page.getByTestId('category-save').click();
    await row.getByTestId('category-own').waitFor();
    expect(await row.textContent()).toContain('2. Device');
    expect(await row.textContent()).toContain('30 min');
    await c.shot(page, 'alerts-12-admin-categories');
    const cats = (await c.node.json('GET', '/api/v1/alert-categories?org=bank_a')).body.items;
    expect(cats.find((x: { key: string }) => x.key === 'card_testing')).toMatchObject({ orgId: 'bank_a', mergeBy: ['card', 'device'], windowMinutes: 30 });
    expect((page as E2ePage).errors).toEqual([]);
  });

  // Self-contained (its own actions, counted from what exists when it starts), so a browser hiccup on
  // a loaded machine may be retried once.
  it('drives the actions card against the server: an SMS from a template, a manual call and its result, a frozen card, a limited channel, a retry and a cancel', { retry: 1 }, async () => {
    const alert = await alertOf(card2);
    /** The alert's actions as the server has them, oldest first. */
    const sent = async (): Promise<Array<{ id: string; type: string; kind: string | null; source: string; status: string; attempts: number; params: Record<string, unknown>; result: Record<string, unknown> | null }>> => {
      const r = await c.node.json('GET', `/api/v1/alerts/${alert.id}/actions`);
      expect(r.status).toBe(200);
      return r.body.items;
    };
    const before = (await sent()).length;
    /** The newest action, once the server has more than `n`. */
    const newest = async (n: number) => {
      await expect.poll(async () => (await sent()).length, POLL).toBe(n + 1);
      return (await sent()).at(-1)!;
    };
    // A failure of the core system, asked for through the API (the simulator channel refuses it for good).
    const refusedBody = { type: 'control', kind: 'suspend_account', reason: 'Card testing from several devices', simulate: { permanent: true } };
    const suspend = await c.node.json('POST', `/api/v1/alerts/${alert.id}/actions`, refusedBody);
    expect(suspend.status, JSON.stringify(suspend.body)).toBe(202);
    await c.node.vigil.services.actions.dispatcher.idle();
    await expect.poll(async () => (await sent()).find((a) => a.id === suspend.body.id)?.status, POLL).toBe('failed');

    const page = await c.newPage();
    await c.open(page, `/alerts/${alert.id}`, 'a.admin');
    const card = page.getByTestId('alert-actions-card');
    const row = (id: string) => card.locator(`[data-testid="action-row"][data-action-id="${id}"]`);
    const confirm = () => page.locator('.ant-popover:not(.ant-popover-hidden) .ant-popconfirm-buttons .ant-btn-primary:visible').click();
    await expect.poll(() => card.getByTestId('action-row').count(), POLL).toBe(before + 1);
    const failed = row(suspend.body.id);
    await failed.getByTestId('action-status-failed').waitFor();
    expect(await failed.getByTestId('action-error').textContent()).toContain('simulated permanent failure');
    expect(await failed.getByTestId('action-attempts').textContent()).toBe('1 attempt(s)');

    // Send an SMS from the union's template: the dialog previews the text the server renders for this alert, and sends exactly that.
    await card.getByTestId('act-sms').click();
    await page.getByTestId('sms-template').click();
    await page.locator('.ant-select-item-option', { hasText: 'Transaction check' }).click();
    const preview = page.getByTestId('sms-preview-text');
    await preview.filter({ hasText: alert.subject.display }).waitFor();
    const previewed = await preview.textContent();
    await page.getByTestId('sms-send').click();
    const sms = await newest(before + 1);
    expect(sms).toMatchObject({ type: 'sms', source: 'manual', params: { template: 'txn_verify', locale: 'en-US' } });
    const text = String(sms.params.text);
    expect(text).toContain(alert.subject.display);
    expect(text).not.toContain('{{');
    expect(text).toBe(previewed);
    await row(sms.id).getByTestId('action-status-succeeded').waitFor();
    expect(await row(sms.id).getByTestId('action-text').textContent()).toBe(text);
    expect(await row(sms.id).getByTestId('action-reference').textContent()).toMatch(/^Reference SIMSMS-/);

    // A manual call, then its result.
    await card.getByTestId('act-call-manual').click();
    await confirm();
    const call = await newest(before + 2);
    expect(call).toMatchObject({ type: 'call', kind: 'manual', status: 'awaiting_result' });
    await row(call.id).getByTestId('action-status-awaiting_result').waitFor();
    await row(call.id).getByTestId('action-record').click();
    await page.getByTestId('call-outcome').click();
    await page.locator('.ant-select-item-option', { hasText: 'Customer denied the transactions' }).click();
    await page.getByTestId('call-note').fill('Cardholder denies the payments');
    await page.getByTestId('call-result-ok').click();
    await row(call.id).getByTestId('action-status-succeeded').waitFor();
    expect(await row(call.id).getByTestId('action-outcome').textContent()).toBe('Customer denied the transactions');
    expect(await row(call.id).getByTestId('action-note').textContent()).toBe('Cardholder denies the payments');
    expect(await row(call.id).getByTestId('action-record').count()).toBe(0);

    // Freeze the card, confirmed first; the core system (the simulator) answers with its reference.
    await card.getByTestId('act-freeze_card').click();
    await page.locator('.ant-popover:not(.ant-popover-hidden)').getByText(`Freeze the card of ${alert.subject.display} in the core system?`).waitFor();
    await confirm();
    const freeze = await newest(before + 3);
    expect(freeze).toMatchObject({ type: 'control', kind: 'freeze_card' });
    await row(freeze.id).getByTestId('action-status-succeeded').waitFor();
    expect(await row(freeze.id).getByTestId('action-reference').textContent()).toMatch(/^Reference SIMFRZ-/);

    // Limit a channel: the confirmation asks which one and the limit.
    await card.getByTestId('act-limit_channel').click();
    await page.getByTestId('limit-channel').getByText('POS').click();
    await page.getByTestId('limit-form').getByRole('spinbutton').fill('500');
    await confirm();
    const limit = await newest(before + 4);
    expect(limit).toMatchObject({ type: 'control', kind: 'limit_channel', params: { channel: 'pos', limit: 500 } });
    await row(limit.id).getByTestId('action-status-succeeded').waitFor();
    await row(limit.id).getByText('POS: limit 500').waitFor();

    // Retry the refused suspension: it goes out again and is refused again (a second attempt); then cancel it.
    await failed.getByTestId('action-retry').click();
    await expect.poll(() => failed.getByTestId('action-attempts').textContent(), POLL).toBe('2 attempt(s)');
    await failed.getByTestId('action-status-failed').waitFor();
    // The cancel's own confirmation (other popovers may still be closing on a busy machine).
    const cancelPop = page.locator('.ant-popover:not(.ant-popover-hidden)', { hasText: 'Cancel this action?' });
    await expect
      .poll(async () => {
        if (!(await cancelPop.isVisible())) await failed.getByTestId('action-cancel').click();
        await cancelPop.waitFor({ timeout: 5_000 }).catch(() => undefined);
        return cancelPop.isVisible();
      }, POLL)
      .toBe(true);
    await cancelPop.locator('.ant-popconfirm-buttons .ant-btn-primary').click();
    await failed.getByTestId('action-status-cancelled').waitFor();
    expect(await failed.getByTestId('action-retry').count()).toBe(0);

    // Every action with its status and attempts, as the server has them.
    const all = await sent();
    expect(all.slice(before).map((a) => [a.type, a.kind, a.status])).toEqual([
      ['control', 'suspend_account', 'cancelled'],
      ['sms', null, 'succeeded'],
      ['call', 'manual', 'succeeded'],
      ['control', 'freeze_card', 'succeeded'],
      ['control', 'limit_channel', 'succeeded'],
    ]);
    expect(await card.getByTestId('action-row').count()).toBe(all.length);
    for (const a of all) {
      await row(a.id).getByTestId(`action-status-${a.status}`).waitFor();
      expect(await row(a.id).getByTestId('action-attempts').textContent()).toBe(`${a.attempts} attempt(s)`);
    }
    expect(all.find((a) => a.id === call.id)!.result).toMatchObject({ outcome: 'answered_denied', note: 'Cardholder denies the payments', recordedBy: 'user:a.admin' });
    expect(await card.textContent()).not.toContain(card2);
    await c.shot(page, 'alerts-15-actions-card');
    expect((page as E2ePage).errors).toEqual([]);
  });

  it('shows another bank’s handler nothing: the alert’s address is a 404 page', async () => {
    const alert = await alertOf(card1);
    const page = await c.newPage('zh-CN');
    await c.open(page, '/alerts', 'b.handler');
    await page.getByTestId('my-queue').waitFor();
    await page.getByTestId('mine-table').waitFor();
    expect(await rowOf(page, 'mine-table', alert.id).count()).toBe(0);
    await page.goto(`${c.node.baseUrl}/alerts/${alert.id}`);
    await page.getByTestId('not-found').waitFor();
    expect(await page.getByTestId('alert-detail').count()).toBe(0);
    expect(await page.locator('body').textContent()).not.toContain(alert.subject.display);
    await c.shot(page, 'alerts-13-other-bank-404');
    await page.goto(`${c.node.baseUrl}/alerts/search?category=card_testing`);
    await page.getByTestId('search-table').getByText('没有符合条件的预警').waitFor();
    expect((page as E2ePage).errors).toEqual([]);

    // Bank A's handler, in Chinese: the search by the card's number (its token in the address) finds the closed alert.
    const a = await c.newPage('zh-CN');
    await c.open(a, '/alerts/search', 'a.handler');
    await a.getByTestId('filter-subject-key').fill(card1);
    await a.getByTestId('filter-submit').click();
    await a.waitForURL(/subjectKey=tok_/);
    expect(a.url()).not.toContain(card1);
    // Both alerts of the card (card testing, and the card_reject alert its rejections raised), and only those.
    await expect.poll(() => a.getByTestId('search-table').locator('tr.ant-table-row').count(), POLL).toBe(2);
    expect(await a.getByTestId('filter-subject-key').inputValue()).toMatch(/^tok_/);
    const found = rowOf(a, 'search-table', alert.id);
    await found.waitFor();
    expect(await found.textContent()).toContain('确认欺诈');
    expect(await found.getByTestId('alert-category').textContent()).toBe('盗卡测试');
    await c.shot(a, 'alerts-14-search-zh-CN');
    expect((a as E2ePage).errors).toEqual([]);
  });
});
