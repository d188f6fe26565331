import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulate, type SimRecord } from '@vigil/simulator';
import { chooseOption, clickForResponse, HAVE_CHROMIUM, startConsole, type Console, type E2ePage } from './browser-harness.ts';

const POLL = { timeout: 30_000, interval: 250 };

/**
 * The whole life of a risk, in the browser: the simulator's card-testing bot tries one stolen card
 * again and again at bank B's Ningbo branch; the decisions merge into one alert in the handler's
 * queue; she texts the customer and confirms fraud; the case rule opens a fraud investigation; the
 * investigator concludes it, a reviewer approves; and the card-testing rule's precision on the
 * monitoring dashboard now counts those events as caught fraud.
 */
describe.skipIf(!HAVE_CHROMIUM)('from a fraud burst to a reviewed case and a rule’s precision', () => {
  let c: Console;
  let burst: SimRecord[] = [];
  let card = '';
  let alertId = '';
  let caseId = '';

  beforeAll(async () => {
    c = await startConsole();
    // Seed 10 of a small bank B population: one card tested 28 times within ten minutes at bank_b_nb.
    const fraud = [...simulate({ seed: 10, customers: 300, days: 1, typologies: ['card_testing'], fraudRate: 0.0001, banks: ['bank_b'], branchOrgs: true })].filter((r) => r.label === 'card_testing');
    const byCard = new Map<string, SimRecord[]>();
    for (const r of fraud) byCard.set(String(r.event.data.card), [...(byCard.get(String(r.event.data.card)) ?? []), r]);
    burst = [...byCard.values()].sort((a, b) => b.length - a.length)[0]!;
    card = String(burst[0]!.event.data.card);
    expect(burst.length).toBeGreaterThanOrEqual(10);
    expect(new Set(burst.map((r) => r.event.data.org))).toEqual(new Set(['bank_b_nb']));
    // Replayed as it happened, ending a minute ago.
    const shift = Date.now() - 60_000 - burst[burst.length - 1]!.at;
    for (const r of burst) {
      const res = await c.node.json('POST', '/api/v1/decisions', { eventType: r.event.eventType, eventId: r.event.eventId, occurredAt: new Date(r.at + shift).toISOString(), data: r.event.data }, c.node.creds.apiKey);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
  }, 300_000);
  afterAll(async () => {
    await c?.close();
  });

  /** The card-testing alert of the burst's card, once the feed has filed it. */
  const burstAlert = async () => {
    const token = c.node.vigil.services.tokenizer.tokenize(card);
    let found: { id: string; eventCount: number; assignee: string | null; subject: { display: string } } | undefined;
    await expect
      .poll(async () => {
        const r = await c.node.json('GET', `/api/v1/alerts?subjectType=card&subjectKey=${encodeURIComponent(token)}&category=card_testing`);
        found = r.body.items[0];
        return found?.eventCount ?? 0;
      }, POLL)
      .toBeGreaterThanOrEqual(5);
    return found!;
  };

  it('merges the burst into one alert; the handler texts the customer and confirms fraud, which opens a case', async () => {
    const alert = await burstAlert();
    alertId = alert.id;
    expect(alert.assignee).toBe('b.handler');
    const page = await c.newPage();
    await c.open(page, '/alerts', 'b.handler');
    const row = page.getByTestId('mine-table').locator('tr.ant-table-row', { has: page.locator(`a[href="/alerts/${alert.id}"]`) });
    await row.waitFor();
    await row.getByTestId('alert-link').click();
    await page.getByTestId('alert-detail').waitFor();
    const timeline = page.getByTestId('alert-timeline');
    await expect.poll(() => timeline.getByTestId('timeline-contribution').count(), POLL).toBe(alert.eventCount);
    expect(await page.getByTestId('alert-detail').textContent()).not.toContain(card);

    // A text to the customer from the bank's template, delivered by the gateway (the simulator).
    await page.getByTestId('act-sms').click();
    await chooseOption(page, page.getByTestId('sms-template'), page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: 'Transaction check' }), (timeout) => page.getByTestId('sms-preview').waitFor({ timeout }));
    await page.getByTestId('sms-send').click();
    const sent = page.getByTestId('alert-actions-card').getByTestId('action-row').filter({ hasNot: page.getByTestId('action-source-auto') });
    await sent.getByTestId('action-status-succeeded').waitFor();
    // The text the gateway received names the card as masked, never its number.
    await expect.poll(() => sent.getByTestId('action-text').textContent(), POLL).toContain(alert.subject.display);

    // Confirmed fraud: every event is labelled, and the union's case rule opens an investigation.
    await page.getByTestId('action-dispose').click();
    const answer = await clickForResponse(page, page.getByTestId('dispose-ok'), (url) => url.endsWith(`/api/v1/alerts/${alert.id}/disposition`), async () => {
      await page.getByTestId('dispose-confirmed_fraud').click();
      await page.getByTestId('dispose-note').fill('The customer denies every one of these payments.');
    });
    const disposed = await answer.json();
    expect(disposed.labelled).toBe(alert.eventCount);
    expect(disposed.cases).toHaveLength(1);
    caseId = disposed.cases[0];
    await page.getByTestId('summary-status').getByTestId('disposition-confirmed_fraud').waitFor();
    await c.shot(page, 'flow-01-alert-confirmed');
    expect((page as E2ePage).errors).toEqual([]);
  });

  const waitState = (page: Page, state: string) => page.getByTestId('case-state').getByTestId(`case-state-${state}`).waitFor();

  it('the investigator works the case and proposes its conclusion; a reviewer approves it', async () => {
    expect(caseId).not.toBe('');
    const page = await c.newPage();
    await c.open(page, '/cases', 'b.investigator');
    await page.getByTestId('case-table').locator(`a[href="/cases/${caseId}"]`).first().click();
    await page.getByTestId('case-detail').waitFor();
    await waitState(page, 'open');
    expect(await page.getByTestId('case-header').textContent()).toContain((await burstAlert()).subject.display);

    await page.getByTestId('tab-notes').click();
    await page.getByTestId('note-body').fill('Bot pattern: tiny card-not-present payments every few seconds from a hosting network.');
    await page.getByTestId('note-add').click();
    await page.getByTestId('case-notes').getByTestId('note').filter({ hasText: 'Bot pattern' }).waitFor();

    await page.getByTestId('transition-start').click();
    await page.getByTestId('dialog-transition-note').fill('Investigation starts');
    await page.getByTestId('dialog-transition-ok').click();
    await waitState(page, 'investigating');
    await page.getByTestId('transition-submit_for_review').click();
    await page.getByTestId('dialog-conclusion').waitFor();
    await page.locator('input[data-testid="conclusion-loss"], [data-testid="conclusion-loss"] input').first().fill('12');
    await page.getByTestId('conclusion-typology').fill('card_testing');
    await page.getByTestId('conclusion-summary').fill('Card testing confirmed; the card is blocked and reissued.');
    await page.getByTestId('conclusion-submit').click();
    await waitState(page, 'pending_review');

    const reviewer = await c.newPage();
    await c.open(reviewer, `/cases/${caseId}`, 'b.reviewer');
    await waitState(reviewer, 'pending_review');
    await reviewer.getByTestId('tab-conclusion').click();
    await reviewer.getByTestId('review-approve').click();
    await reviewer.getByTestId('dialog-review-note').fill('Agreed: card testing.');
    await reviewer.getByTestId('dialog-review-ok').click();
    await waitState(reviewer, 'closed');
    await c.shot(reviewer, 'flow-02-case-approved');
    expect((page as E2ePage).errors).toEqual([]);
    expect((reviewer as E2ePage).errors).toEqual([]);
  });

  it('shows the labelled events in the card-testing rule’s precision on the monitoring dashboard', async () => {
    // Every labelled event of the card carries the case's label now (it replaced the disposition's).
    const labels = await c.node.vigil.database.db.selectFrom('event_labels').select(['fraud', 'source', 'source_ref']).where('event_id', 'in', burst.map((r) => r.event.eventId)).execute();
    expect(labels.length).toBe((await burstAlert()).eventCount);
    expect(labels.every((l) => l.fraud && l.source === 'case' && l.source_ref === `case:${caseId}`)).toBe(true);

    const quality = await c.node.json('GET', '/api/v1/monitoring/rule-quality?org=bank_b');
    const rule = quality.body.rules.find((r: { ruleId: string }) => r.ruleId === 'card_testing');
    expect(rule.fraudHits).toBeGreaterThan(0);
    expect(rule.genuineHits).toBe(0);

    const page = await c.newPage();
    await c.open(page, '/monitoring', 'b.admin');
    const cell = page.getByTestId('rule-precision-card_testing');
    await expect.poll(() => cell.textContent(), POLL).toBe('100%');
    expect(await page.getByTestId('rule-quality').textContent()).toContain('card_testing');
    await page.getByTestId('rule-quality').scrollIntoViewIfNeeded();
    await c.shot(page, 'flow-03-rule-precision');
    expect((page as E2ePage).errors).toEqual([]);
  });
});
