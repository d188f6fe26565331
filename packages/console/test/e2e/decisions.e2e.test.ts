import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardAuth } from '../../../server/test/harness.ts';
import { HAVE_CHROMIUM, startConsole, type Console, type E2ePage } from './browser-harness.ts';

describe.skipIf(!HAVE_CHROMIUM)('the decision query center and the entity view', () => {
  let c: Console;
  const card = '6222025555666677778';
  const sent: Array<{ decisionId: string; outcome: string; hits: Array<{ ruleId: string }> }> = [];
  beforeAll(async () => {
    c = await startConsole();
    // A card-testing burst at bank_a: small card-not-present payments, the later ones rejected by
    // the card_testing rule once the card's velocity is high enough.
    for (let i = 0; i < 28; i++) {
      const r = await c.node.json('POST', '/api/v1/decisions', cardAuth({ card, amount: 1.5 + i / 100, channel: 'ECOM', entry_mode: 'ecom', device_id: `dev-e2e-${i}`, customer_id: 'cust-e2e' }), c.node.creds.apiKey);
      expect(r.status).toBe(200);
      sent.push(r.body);
    }
    // The card on a list of bank_a.
    const list = await c.node.json('POST', '/api/v1/lists', { key: 'a_disputed_cards', name: { zh: '争议卡', en: 'Disputed cards' }, kind: 'grey', dimension: 'card', orgId: 'bank_a' });
    expect(list.status).toBe(201);
    expect((await c.node.json('POST', `/api/v1/lists/${list.body.id}/entries`, { entries: [{ value: card, reason: 'chargeback under review' }] })).status).toBe(200);
  }, 240_000);
  afterAll(async () => {
    await c?.close();
  });

  const rejects = () => sent.filter((d) => d.outcome === 'reject');
  const rowCount = (page: Page, testId = 'decision-table') => page.getByTestId(testId).locator('tbody tr.ant-table-row').count();

  it('finds the card’s rejected decisions, pages through them on the server, and shows a decision’s trace', async () => {
    expect(rejects().length).toBeGreaterThan(20);
    expect(rejects()[0]!.hits.map((h) => h.ruleId)).toContain('card_testing');
    const page = await c.newPage();
    await c.open(page, '/decisions', 'a.analyst');
    await page.getByTestId('decision-filters').waitFor();
    await page.getByTestId('filter-value').fill(card);
    await page.locator('#outcomes').click();
    await page.locator('.ant-select-item-option[title="Reject"]').click();
    // The choice is in the field before the list closes (a click during its opening animation can miss).
    await page.locator('.ant-select-selection-item[title="Reject"]').waitFor();
    await page.keyboard.press('Escape');
    await page.locator('#limit').click();
    await page.locator('.ant-select-item-option[title="20"]').click();
    await page.getByTestId('filter-submit').click();
    await page.waitForURL(/outcome=reject/);
    // The card number never reaches the address bar: the search carries its token.
    expect(page.url()).not.toContain(card);
    expect(page.url()).toMatch(/entityType=card&value=tok_/);
    await page.getByTestId('page-number').filter({ hasText: 'Page 1' }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="decision-table"] tbody tr.ant-table-row').length === 20);
    expect(await page.getByTestId('decision-table').getByTestId('outcome-reject').count()).toBe(20);
    expect(await page.getByTestId('decision-table').getByTestId('outcome-pass').count()).toBe(0);
    await c.shot(page, 'decisions-01-search');
    // The export link carries the same filters (the analyst holds decision.export).
    const href = await page.getByTestId('decisions-export').getAttribute('href');
    const csv = await page.evaluate(async (u) => {
      const r = await fetch(u!);
      return { status: r.status, text: await r.text() };
    }, href);
    expect(csv.status).toBe(200);
    expect(csv.text.trim().split('\r\n')).toHaveLength(rejects().length + 1);
    expect(csv.text).not.toContain(card);

    // Next page: the rest of the rejects, from the server's cursor.
    await page.getByTestId('page-next').click();
    await page.getByTestId('page-number').filter({ hasText: 'Page 2' }).waitFor();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="decision-table"] tbody tr.ant-table-row').length === n, rejects().length - 20);
    expect(await page.getByTestId('page-next').isDisabled()).toBe(true);
    await page.getByTestId('page-previous').click();
    await page.getByTestId('page-number').filter({ hasText: 'Page 1' }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="decision-table"] tbody tr.ant-table-row').length === 20);

    // A link reproduces the search.
    const link = page.url();
    const again = await c.newPage();
    await c.open(again, new URL(link).pathname + new URL(link).search, 'a.analyst');
    await again.waitForFunction(() => document.querySelectorAll('[data-testid="decision-table"] tbody tr.ant-table-row').length === 20);

    // The newest reject's detail: the trace with the rule hit and each stage's timing.
    await page.getByTestId('decision-link').first().click();
    await page.getByTestId('decision-detail').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/decisions/${rejects()[rejects().length - 1]!.decisionId}`);
    await page.getByTestId('detail-outcome').getByTestId('outcome-reject').waitFor();
    expect(await page.getByTestId('detail-trace').getByTestId('trace-hit').filter({ hasText: 'card_testing' }).count()).toBe(1);
    expect(await page.getByTestId('detail-trace').getByTestId('trace-ms').count()).toBeGreaterThan(1);
    expect(await page.getByTestId('detail-hits').textContent()).toContain('card_testing');
    expect(await page.getByTestId('detail-features').textContent()).toContain('card_small_cnp_10m');
    // The event as stored: the card masked, never the number.
    expect(await page.getByTestId('detail-event').textContent()).toContain('622202');
    expect(await page.getByTestId('decision-detail').textContent()).not.toContain(card);
    expect(await page.getByTestId('detail-strategy').getAttribute('href')).toBe('/strategies/card_auth_default/versions/1');
    await c.shot(page, 'decisions-02-detail');

    // Its card's entity view: features, the list membership and the card's decisions.
    await page.getByTestId('entity-link-card').click();
    await page.getByTestId('entity-view').waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/entity\/card\/tok_/);
    expect(await page.getByTestId('entity-total').textContent()).toBe('28');
    const features = page.getByTestId('entity-features');
    await features.getByText('card_auth_count_10m').waitFor();
    expect(await features.textContent()).toContain('card_small_cnp_10m');
    const lists = page.getByTestId('entity-lists');
    expect(await lists.textContent()).toContain('Disputed cards');
    expect(await lists.textContent()).toContain('chargeback under review');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="entity-decisions"] tbody tr.ant-table-row').length === 20);
    await page.getByTestId('entity-decisions').getByTestId('page-next').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="entity-decisions"] tbody tr.ant-table-row').length === 8);
    expect(await page.getByTestId('entity-view').textContent()).not.toContain(card);
    await c.shot(page, 'decisions-03-entity');
    expect((page as E2ePage).errors).toEqual([]);
    expect((again as E2ePage).errors).toEqual([]);
  });

  it('reproduces a search from the monitoring dashboard’s link', async () => {
    const page = await c.newPage();
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 3_600_000).toISOString();
    const qs = `outcome=reject&eventType=card_auth&rule=card_testing&org=bank_a&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
    await c.open(page, `/decisions?${qs}`, 'a.analyst');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="decision-table"] tbody tr.ant-table-row').length > 0);
    expect(await page.getByTestId('decision-table').getByTestId('outcome-pass').count()).toBe(0);
    expect(await page.getByTestId('filter-rule').inputValue()).toBe('card_testing');
    expect(await page.getByTestId('decision-filters').textContent()).toContain('Reject');
    // Degraded only: none of these decisions was degraded.
    await page.goto(`${c.node.baseUrl}/decisions?${qs}&degraded=1`);
    await page.getByTestId('decision-table').getByText('No decisions match these filters').waitFor();
    expect(await page.getByTestId('filter-degraded').isChecked()).toBe(true);
    expect((page as E2ePage).errors).toEqual([]);
  });

  it('opens the entity view from its search box, in Chinese too', async () => {
    const page = await c.newPage('zh-CN');
    await c.open(page, '/entity', 'a.analyst');
    await page.getByTestId('entity-prompt').waitFor();
    await page.getByTestId('entity-value').fill(card);
    await page.getByTestId('entity-submit').click();
    await page.getByTestId('entity-view').waitFor();
    expect(page.url()).not.toContain(card);
    expect(await page.getByTestId('entity-total').textContent()).toBe('28');
    expect(await page.getByTestId('entity-lists').textContent()).toContain('争议卡');
    expect((page as E2ePage).errors).toEqual([]);
  });

  it('shows another bank nothing of the card', async () => {
    const page = await c.newPage();
    await c.open(page, '/decisions', 'b.investigator');
    await page.getByTestId('filter-value').fill(card);
    await page.getByTestId('filter-submit').click();
    await page.waitForURL(/value=tok_/);
    await page.getByTestId('decision-table').getByText('No decisions match these filters').waitFor();
    expect(await rowCount(page)).toBe(0);
    // No export button without decision.export.
    expect(await page.getByTestId('decisions-export').count()).toBe(0);

    const token = new URL(page.url()).searchParams.get('value')!;
    await page.goto(`${c.node.baseUrl}/entity/card/${token}`);
    await page.getByTestId('entity-view').waitFor();
    expect(await page.getByTestId('entity-total').textContent()).toBe('0');
    await page.getByTestId('entity-unseen').waitFor();
    expect(await page.getByTestId('entity-lists').textContent()).not.toContain('Disputed cards');
    expect(await rowCount(page, 'entity-decisions')).toBe(0);

    // Nor does a decision of bank_a open for them.
    await page.goto(`${c.node.baseUrl}/decisions/${rejects()[0]!.decisionId}`);
    await page.getByTestId('error-alert').waitFor();
    expect(await page.getByTestId('decision-detail').count()).toBe(0);
    expect((page as E2ePage).errors).toEqual([]);
  });
});
