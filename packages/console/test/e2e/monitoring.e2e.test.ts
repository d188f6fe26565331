import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardAuth } from '../../../server/test/harness.ts';
import { HAVE_CHROMIUM, startConsole, type Console, type E2ePage } from './browser-harness.ts';

describe.skipIf(!HAVE_CHROMIUM)('the monitoring dashboard in headless Chromium', () => {
  let c: Console;
  const outcomes: Array<{ org: string; outcome: string }> = [];

  /** Decides a card authorisation of `org` now, through the real decision API. */
  const decide = async (org: string, over: Record<string, unknown> = {}) => {
    const r = await c.node.json('POST', '/api/v1/decisions', cardAuth({ org, ...over }), c.node.creds.apiKey);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    outcomes.push({ org, outcome: r.body.outcome });
  };
  const countOf = (orgs: string[]) => outcomes.filter((o) => orgs.includes(o.org)).length;
  const kpi = (page: E2ePage, id: string) => page.getByTestId(id).locator('.ant-statistic-content').innerText();

  beforeAll(async () => {
    c = await startConsole();
    await decide('bank_a', { card: '6222021300000000011', amount: 42 });
    await decide('bank_a', { card: '6222021300000000029', country: 'US', city: 'New York', mcc: '6011', amount: 9000, location: { lat: 40.7, lon: -74 } });
    await decide('bank_a', { card: '6222021300000000037', country: 'TH', city: 'Bangkok', amount: 3000, location: { lat: 13.7, lon: 100.5 } });
    await decide('bank_a_hz', { card: '6222021300000000045', amount: 310 });
    await decide('bank_b', { card: '6222021300000000052', amount: 18 });
    await decide('bank_b', { card: '6222021300000000060', amount: 77 });
  }, 240_000);
  afterAll(async () => {
    await c?.close();
  });

  it('shows a bank analyst the last hour of their bank: totals, charts, live refresh, drill-down and Chinese', async () => {
    const page = await c.newPage();
    await c.open(page, '/monitoring', 'a.analyst');
    await page.getByTestId('monitoring-page').waitFor();
    const mine = countOf(['bank_a', 'bank_a_hz']);
    await expect.poll(() => kpi(page, 'kpi-decisions')).toBe(String(mine));
    const rejects = outcomes.filter((o) => o.org.startsWith('bank_a') && o.outcome === 'reject').length;
    expect(await kpi(page, 'kpi-reject-rate')).toBe(rejects ? `${((rejects / mine) * 100).toFixed(2).replace(/\.?0+$/, '')}%` : '0%');
    // The charts are drawn (ECharts renders to canvas).
    for (const chart of ['chart-outcomes', 'chart-latency']) await page.getByTestId(chart).locator('canvas').first().waitFor();
    expect(await page.getByTestId('chart-outcomes').locator('canvas').count()).toBeGreaterThan(0);
    // Per org: the bank and its branch, and nothing of another bank.
    await page.getByTestId('monitoring-by-org').locator('tbody tr').first().waitFor();
    const orgRows = await page.getByTestId('monitoring-by-org').locator('tbody tr').allInnerTexts();
    expect(orgRows).toHaveLength(2);
    expect(orgRows.join(' ')).toContain('Bank A Hangzhou');
    expect(orgRows.join(' ')).not.toContain('Bank B');
    expect(await page.getByTestId('monitoring-by-event-type').locator('tbody tr').count()).toBe(1);
    expect(await page.getByTestId('monitoring-updated').innerText()).toContain('Updated');
    await c.shot(page, 'monitoring-01-dashboard');

    // Live refresh (every 10 s) picks up a decision made after the page opened.
    await decide('bank_a', { card: '6222021300000000078', amount: 55 });
    await expect.poll(() => kpi(page, 'kpi-decisions'), { timeout: 25_000, interval: 500 }).toBe(String(mine + 1));

    // A hidden tab stops asking; shown again, it catches up at once.
    const setHidden = (hidden: boolean) =>
      page.evaluate((h) => {
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (h ? 'hidden' : 'visible') });
        Object.defineProperty(document, 'hidden', { configurable: true, get: () => h });
        document.dispatchEvent(new Event('visibilitychange'));
      }, hidden);
    await setHidden(true);
    await page.getByText('Paused while the tab is hidden').waitFor();
    await decide('bank_a', { card: '6222021300000000086', amount: 66 });
    await page.waitForTimeout(12_000);
    expect(await kpi(page, 'kpi-decisions')).toBe(String(mine + 1));
    await setHidden(false);
    await expect.poll(() => kpi(page, 'kpi-decisions'), { timeout: 15_000, interval: 500 }).toBe(String(mine + 2));
    expect(await page.getByTestId('monitoring-updated').innerText()).toContain('Updated');

    // The page's org filter narrows to the branch alone.
    await page.getByTestId('monitoring-org').click();
    await page.locator('.ant-select-tree-node-content-wrapper', { hasText: 'Bank A Hangzhou' }).first().click();
    await expect.poll(() => kpi(page, 'kpi-decisions')).toBe(String(countOf(['bank_a_hz'])));
    await page.getByTestId('monitoring-org').click();
    await page.locator('.ant-select-tree-node-content-wrapper', { hasText: 'All orgs' }).first().click();
    await expect.poll(() => kpi(page, 'kpi-decisions')).toBe(String(mine + 2));

    // A custom range (the range on screen, fixed) does not follow the clock: live refresh is off.
    await page.getByTestId('monitoring-range').getByText('Custom').click();
    await page.getByTestId('monitoring-custom-range').first().waitFor();
    expect(await page.getByTestId('monitoring-live').getAttribute('aria-checked')).toBe('false');
    expect(await page.getByTestId('monitoring-live').isDisabled()).toBe(true);
    expect(await kpi(page, 'kpi-decisions')).toBe(String(mine + 2));
    await page.getByTestId('monitoring-range').getByText('1 h').click();
    expect(await page.getByTestId('monitoring-live').getAttribute('aria-checked')).toBe('true');

    // Chinese labels after a language switch.
    await page.getByTestId('lang-zh-CN').click();
    await page.getByText('规则命中排行').waitFor();
    expect(await page.getByTestId('kpi-reject-rate').innerText()).toContain('拒绝率');
    expect(await page.getByTestId('page-title').innerText()).not.toBe('Monitoring');
    await page.getByTestId('chart-outcomes').locator('canvas').first().waitFor();
    await c.shot(page, 'monitoring-02-dashboard-zh');

    // Drill-down: an event type leads to the decision search with the range and filters.
    await page.getByTestId('monitoring-by-event-type-open-card_auth').click();
    await page.waitForURL(/\/decisions\?/);
    const url = new URL(page.url());
    expect(url.pathname).toBe('/decisions');
    expect(url.searchParams.get('eventType')).toBe('card_auth');
    const from = Date.parse(url.searchParams.get('from')!);
    const to = Date.parse(url.searchParams.get('to')!);
    expect(to - from).toBe(3_600_000);
    expect(Math.abs(Date.now() - to)).toBeLessThan(60_000);
    expect(page.errors).toEqual([]);
  });

  it("shows another bank's user none of bank_a's decisions", async () => {
    const page = await c.newPage();
    await c.open(page, '/monitoring', 'b.investigator');
    await page.getByTestId('monitoring-page').waitFor();
    await expect.poll(() => kpi(page, 'kpi-decisions')).toBe(String(countOf(['bank_b', 'bank_b_nb'])));
    await page.getByTestId('monitoring-by-org').locator('tbody tr').first().waitFor();
    const orgRows = await page.getByTestId('monitoring-by-org').locator('tbody tr').allInnerTexts();
    expect(orgRows).toHaveLength(1);
    expect(orgRows[0]).toContain('bank_b');
    // No org filter to choose another bank from: the user sees one org.
    expect(await page.getByTestId('monitoring-org').count()).toBe(0);
    expect(page.errors).toEqual([]);
  });
});
