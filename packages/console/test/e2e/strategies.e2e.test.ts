import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardAuth } from '../../../server/test/harness.ts';
import { HAVE_CHROMIUM, startConsole, type Console, type E2ePage } from './browser-harness.ts';

const V2 = '/strategies/card_auth_default/versions/2';

describe.skipIf(!HAVE_CHROMIUM)('the strategy lifecycle in the console', () => {
  let c: Console;
  const decide = async (n: number, prefix: string, over: (i: number) => Record<string, unknown> = () => ({})) => {
    for (let i = 0; i < n; i++) {
      const r = await c.node.json('POST', '/api/v1/decisions', { ...cardAuth({ customer_id: `c-${i % 6}`, amount: 30 + i * 17, org: i % 2 ? 'bank_a' : 'bank_b', ...over(i) }, `${prefix}-${i}`), occurredAt: new Date(Date.now() - (n - i) * 30_000).toISOString() }, c.node.creds.apiKey);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
  };
  beforeAll(async () => {
    c = await startConsole();
    // History for the backtest: decisions of the live demo strategy over the last half hour.
    await decide(40, 'hist');
  }, 240_000);
  afterAll(async () => {
    await c?.close();
  });

  const state = (page: Page) => page.getByTestId('version-state').locator('[data-testid^="state-"]').getAttribute('data-testid');
  const waitState = async (page: Page, s: string) => page.getByTestId('version-state').getByTestId(`state-${s}`).waitFor();
  /** Confirms a lifecycle dialog with its note and waits for it to close; a refusal fails with the server's words. */
  const confirm = async (page: Page, dialog: string, note: string) => {
    const input = page.getByTestId(`${dialog}-note`);
    await input.fill(note);
    await expect.poll(async () => (await input.inputValue()) === note && (await page.getByTestId(`${dialog}-ok`).isEnabled())).toBe(true);
    // The click must send the dialog's request; a click lost to a re-render (seen once on a busy
    // machine: no request, no error, the dialog still open) is made again — never a second request.
    const sent = () => page.waitForRequest((r) => r.method() !== 'GET' && r.url().includes('/api/v1/'), { timeout: 5_000 }).then(() => true, () => false);
    let request = sent();
    await page.getByTestId(`${dialog}-ok`).click();
    if (!(await request)) {
      process.stdout.write(`[strategies e2e] ${dialog}: the click sent nothing, clicking again\n`);
      request = sent();
      await page.getByTestId(`${dialog}-ok`).click();
      expect(await request, `${dialog}: the OK button sent no request`).toBe(true);
    }
    const outcome = await Promise.race([
      page.getByTestId(`${dialog}-ok`).waitFor({ state: 'hidden' }).then(() => 'closed'),
      page.getByTestId(`${dialog}-body`).getByTestId('error-details').waitFor().then(() => page.getByTestId(`${dialog}-body`).getByTestId('error-details').textContent()),
    ]);
    expect(outcome).toBe('closed');
  };
  /** A state change through the user's own session, as the console's client makes it (CSRF included). */
  const asUser = async (page: Page, method: 'PUT' | 'POST', path: string, data: unknown) => {
    const csrf = (await page.context().cookies()).find((k) => k.name === 'vigil_csrf')!.value;
    const r = await page.request.fetch(`${c.node.baseUrl}${path}`, { method, data, headers: { 'x-csrf-token': csrf, 'content-type': 'application/json' } });
    return { status: r.status(), body: await r.json() };
  };

  it('an analyst edits a rule of a draft, tests and submits; the union’s approver reviews and deploys to shadow, then live; the new version’s decision is found with the rule in its trace; a backtest runs', async () => {
    // The analyst: the overview of every event type's strategies, versions and deployments.
    const analyst = await c.newPage();
    await c.open(analyst, '/strategies', 'a.analyst');
    await analyst.getByTestId('version-link-card_auth_default-1').waitFor();
    expect(await analyst.getByTestId('deployments-active').textContent()).toContain('card_auth_default v1');
    expect(await analyst.getByTestId('strategy-card_auth_default').textContent()).toContain('Live: v1');
    await c.shot(analyst, 'strategies-01-overview');

    // A new draft from the live version: its exported document imported again, by the analyst.
    await analyst.getByTestId('version-link-card_auth_default-1').click();
    await waitState(analyst, 'live');
    expect(await analyst.getByTestId('action-save').count()).toBe(0);
    await analyst.getByTestId('action-new-draft').click();
    await confirm(analyst, 'dialog-new-draft', 'Card testing: stronger score');
    await analyst.waitForURL(`${c.node.baseUrl}${V2}`);
    await waitState(analyst, 'draft');
    // Nothing edited yet: Save waits for a change.
    expect(await analyst.getByTestId('action-save').isDisabled()).toBe(true);

    // The analyst edits a rule in the editor: card testing scores 75 instead of 60, and saves.
    await analyst.getByTestId('version-definition').getByTestId('strategy-editor').waitFor();
    await analyst.getByTestId('rule-edit-card_testing').click();
    await analyst.getByTestId('rule-drawer').waitFor();
    const score = analyst.locator('input[data-testid="rule-score"], [data-testid="rule-score"] input').first();
    expect(await score.inputValue()).toBe('60');
    await score.fill('75');
    await score.blur();
    await analyst.keyboard.press('Escape');
    await analyst.locator('.ant-drawer-open').waitFor({ state: 'detached' });
    await analyst.getByTestId('version-unsaved').waitFor();
    expect(await analyst.getByTestId('rule-row-card_testing').textContent()).toContain('75');
    await analyst.getByTestId('action-save').click();
    await confirm(analyst, 'dialog-save', 'Card testing: score 60 → 75');
    await analyst.getByTestId('version-unsaved').waitFor({ state: 'detached' });
    const stored = (await c.node.json('GET', '/api/v1/strategies/card_auth_default/versions/2/export')).body as { rules: Array<{ id: string; score?: number }> };
    expect(stored.rules.find((r) => r.id === 'card_testing')!.score).toBe(75);
    await analyst.reload();
    await waitState(analyst, 'draft');
    await analyst.getByTestId('version-definition').waitFor();
    expect(await analyst.getByTestId('rule-row-card_testing').textContent()).toContain('75');
    await c.shot(analyst, 'strategies-02-version');

    // Test cases run without submitting: every case with expected and actual outcome.
    await analyst.getByTestId('action-test').click();
    await analyst.getByTestId('test-results').waitFor();
    const summary = await analyst.getByTestId('tests-summary').textContent();
    expect(summary).toMatch(/^(\d+) of \1 cases pass$/);
    expect(await analyst.getByTestId('test-failed').count()).toBe(0);
    await c.shot(analyst, 'strategies-03-test-results');

    await analyst.getByTestId('action-submit').click();
    await confirm(analyst, 'dialog-submit', 'Please review: score 75');
    await waitState(analyst, 'submitted');
    // Submitted: immutable, and never reviewed by its author.
    expect(await analyst.getByTestId('action-save').count()).toBe(0);
    expect(await analyst.getByTestId('action-approve').count()).toBe(0);

    // The union's approver reviews (the diff first), approves, and deploys for every bank.
    const approver = await c.newPage();
    await c.open(approver, V2, 'union.approver');
    await waitState(approver, 'submitted');
    await approver.getByRole('tab', { name: 'Diff' }).click();
    await approver.getByTestId('diff-sections').waitFor();
    expect(await approver.getByTestId('diff-text').textContent()).toContain('card_testing');
    expect(await approver.getByTestId('diff-sections').textContent()).toContain('score');
    await c.shot(approver, 'strategies-04-diff');
    await approver.getByTestId('action-approve').click();
    await confirm(approver, 'dialog-approve', 'Checked the diff and the test results');
    await waitState(approver, 'approved');
    // A bank's approver may run a canary on the bank's own orgs, never deploy for every bank.
    const bankApprover = await c.newPage();
    await c.open(bankApprover, V2, 'a.approver');
    await waitState(bankApprover, 'approved');
    expect(await bankApprover.getByTestId('action-deploy-shadow').count()).toBe(0);
    expect(await bankApprover.getByTestId('action-deploy-live').count()).toBe(0);
    expect(await bankApprover.getByTestId('action-deploy-canary').count()).toBe(1);

    // Deployed as a challenger first; live traffic gives it a shadow report.
    await approver.getByTestId('action-deploy-shadow').click();
    await confirm(approver, 'dialog-deploy', 'Challenger on live traffic');
    await waitState(approver, 'shadow');
    // A card-testing burst: tiny online payments on one card, which both versions refuse (scored differently).
    await decide(20, 'shadow', (i) => ({ channel: 'ECOM', entry_mode: 'manual', amount: 1 + i / 10, card: '6222020000000000017', merchant_id: 'm-online' }));
    await approver.getByRole('tab', { name: 'Shadow report' }).click();
    for (let i = 0; i < 20 && !(await approver.getByTestId('shadow-matrix').count()); i++) {
      await approver.waitForTimeout(500);
      await approver.reload();
      await approver.getByTestId('shadow-report').waitFor();
    }
    await approver.getByTestId('shadow-matrix').waitFor();
    await approver.getByTestId('shadow-rule-hits').locator('canvas').waitFor();
    await c.shot(approver, 'strategies-05-shadow-report');

    await approver.getByTestId('action-deploy-live').click();
    await confirm(approver, 'dialog-deploy', 'Promote after the shadow run');
    await waitState(approver, 'live');
    expect(await state(approver)).toBe('state-live');

    // A decision through the API, decided by v2: the analyst finds it in the decision search and
    // sees the edited rule in its trace, scored 75; the other bank's user finds nothing of it.
    const testedCard = '6222020000000000025';
    await decide(8, 'live-v2', (i) => ({ channel: 'ECOM', entry_mode: 'manual', amount: 1 + i / 10, card: testedCard, merchant_id: 'm-online', org: 'bank_a' }));
    await analyst.goto(`${c.node.baseUrl}/decisions`);
    await analyst.getByTestId('decision-filters').waitFor();
    await analyst.getByTestId('filter-value').fill(testedCard);
    await analyst.getByTestId('filter-rule').fill('card_testing');
    await analyst.getByTestId('filter-submit').click();
    await analyst.waitForURL(/rule=card_testing/);
    await analyst.getByTestId('decision-link').first().waitFor();
    await analyst.getByTestId('decision-link').first().click();
    await analyst.getByTestId('decision-detail').waitFor();
    expect(await analyst.getByTestId('detail-strategy').getAttribute('href')).toBe('/strategies/card_auth_default/versions/2');
    const hit = analyst.getByTestId('detail-hits').locator('tr', { hasText: 'card_testing' });
    expect(await hit.textContent()).toContain('75');
    expect(await analyst.getByTestId('detail-trace').getByTestId('trace-hit').filter({ hasText: 'card_testing' }).count()).toBe(1);
    await c.shot(analyst, 'strategies-09-decision-by-v2');
    // The same page in Chinese.
    await analyst.getByTestId('lang-zh-CN').click();
    await analyst.getByTestId('nav-decisions').filter({ hasText: '决策查询' }).waitFor();
    await analyst.getByTestId('lang-en-US').click();
    await analyst.getByTestId('nav-decisions').filter({ hasText: 'Decisions' }).waitFor();
    const otherBank = await c.newPage();
    await c.open(otherBank, `/decisions?entityType=card&value=${testedCard}`, 'b.investigator');
    await otherBank.getByTestId('decision-table').waitFor();
    await otherBank.locator('[data-testid="decision-table"] .ant-table-placeholder').waitFor();
    expect(await otherBank.getByTestId('decision-link').count()).toBe(0);
    expect(otherBank.errors).toEqual([]);

    // The overview shows the new champion.
    await analyst.goto(`${c.node.baseUrl}/strategies`);
    await analyst.getByTestId('strategy-card_auth_default').waitFor();
    await analyst.getByText('Live: v2').waitFor();
    // The deployments card refetches on its own after the overview: wait for it rather than read it once.
    await expect.poll(() => analyst.getByTestId('deployments-active').textContent(), { timeout: 30_000, interval: 250 }).toContain('card_auth_default v2');

    // A backtest of the new version over the decision log, followed to its report.
    await analyst.goto(`${c.node.baseUrl}${V2}?tab=backtests`);
    await analyst.getByTestId('backtest-start').click();
    await analyst.getByTestId('backtest-name').fill('Last week, score 75');
    await analyst.getByTestId('backtest-run').click();
    await analyst.getByTestId('backtest-list').getByTestId('backtest-status-done').waitFor({ timeout: 60_000 });
    await analyst.locator('[data-testid^="backtest-open-"]').first().click();
    await analyst.getByTestId('backtest-report').waitFor();
    await analyst.getByTestId('backtest-outcome-chart').locator('canvas').waitFor();
    // Bank A's analyst replays bank A's decisions only: half of the 60 sent (the others are bank B's)
    // and the 8 of bank A decided by v2.
    expect(Number((await analyst.getByTestId('backtest-events').textContent())!.replace(/\D/g, ''))).toBe(38);
    await c.shot(analyst, 'strategies-06-backtest');

    // A second run of the live v1 (from its own page), then both side by side.
    await analyst.goto(`${c.node.baseUrl}/strategies/card_auth_default/versions/1?tab=backtests`);
    await analyst.getByTestId('backtest-start').click();
    await analyst.getByTestId('backtest-name').fill('Last week, v1');
    await analyst.getByTestId('backtest-run').click();
    await analyst.getByTestId('backtest-list').getByTestId('backtest-status-done').nth(1).waitFor({ timeout: 60_000 });
    for (const box of await analyst.getByTestId('backtest-list').locator('tbody input[type="checkbox"]').all()) await box.check();
    await analyst.getByTestId('backtest-compare').click();
    await analyst.getByTestId('compare-table').waitFor();
    await analyst.getByTestId('compare-outcomes').locator('canvas').waitFor();
    expect(await analyst.getByTestId('compare-table').textContent()).toContain('Last week, v1');
    await c.shot(analyst, 'strategies-07-backtest-compare');

    // One action restores the previous champion.
    await approver.reload();
    await waitState(approver, 'live');
    await approver.getByTestId('action-rollback').click();
    await confirm(approver, 'dialog-rollback', 'Card testing alerts doubled');
    await waitState(approver, 'retired');
    expect((await c.node.json('GET', '/api/v1/strategies')).body.items.find((s: { id: string }) => s.id === 'card_auth_default').liveVersion).toBe(1);
    // Only the union rolls back: a bank's approver is not offered it.
    await bankApprover.goto(`${c.node.baseUrl}/strategies/card_auth_default/versions/1`);
    await waitState(bankApprover, 'live');
    expect(await bankApprover.getByTestId('action-rollback').count()).toBe(0);

    for (const p of [analyst, approver, bankApprover]) expect((p as E2ePage).errors).toEqual([]);
  }, 240_000);

  it('imports a pasted YAML package as a new draft, and lists every problem of a broken one', async () => {
    const page = await c.newPage();
    await c.open(page, '/strategies', 'a.analyst');
    const yaml = await (await fetch(`${c.node.baseUrl}/api/v1/strategies/transfer_default/versions/1/export?format=yaml`, { headers: { authorization: `Bearer ${c.node.creds.adminKey}` } })).text();
    await page.getByTestId('strategies-import').click();
    // A click while the dialog is still zooming in can miss: choose pasting until its text box shows.
    for (let i = 0; i < 5 && !(await page.getByTestId('import-text').isVisible()); i++) {
      await page.getByText('Paste the document').click();
      await page.getByTestId('import-text').waitFor({ timeout: 5_000 }).catch(() => undefined);
    }
    // A rule whose condition does not type-check: refused with its path, nothing stored.
    await page.getByTestId('import-text').fill(yaml.replace(/condition: (.*)/, 'condition: "event.amount > \'x\'"'));
    await page.getByTestId('import-submit').click();
    await page.getByTestId('error-details').waitFor();
    expect(await page.getByTestId('error-details').textContent()).toMatch(/package\.rules\[\d+\]\.condition/);
    await page.getByTestId('import-text').fill(yaml);
    await page.getByTestId('import-note').fill('Imported from git');
    await page.getByTestId('import-submit').click();
    await page.waitForURL(`${c.node.baseUrl}/strategies/transfer_default/versions/2`);
    await waitState(page, 'draft');
    expect(await page.getByText('Imported from git').count()).toBeGreaterThan(0);
    // The author's draft: Save and Submit are theirs.
    expect(await page.getByTestId('action-submit').count()).toBe(1);
    expect(await page.getByTestId('action-save').count()).toBe(1);

    // The same overview in Chinese.
    const zh = await c.newPage('zh-CN');
    await c.open(zh, '/strategies', 'a.analyst');
    await zh.getByTestId('strategy-transfer_default').waitFor();
    await zh.getByTestId('strategy-transfer_default').getByText('草稿').waitFor();
    await zh.getByTestId('strategy-card_auth_default').getByText('已下线').waitFor();
    await c.shot(zh, 'strategies-08-overview-zh-CN');
    for (const p of [page, zh]) expect((p as E2ePage).errors).toEqual([]);
  }, 120_000);

  it('shows an unknown version as not found, and a draft to someone else read-only', async () => {
    const page = await c.newPage();
    await c.open(page, '/strategies/card_auth_default/versions/99', 'a.analyst');
    await page.getByTestId('error-alert').waitFor();
    await page.goto(`${c.node.baseUrl}/strategies/no_such_strategy/versions/1`);
    await page.getByTestId('error-alert').waitFor();
    await page.goto(`${c.node.baseUrl}/strategies/card_auth_default/versions/first`);
    await page.getByTestId('not-found').waitFor();
    // The admin's draft: the analyst may run its tests, not save or submit it.
    const imported = await c.node.json('POST', '/api/v1/strategies/import', { package: await (await fetch(`${c.node.baseUrl}/api/v1/strategies/login_default/versions/1/export`, { headers: { authorization: `Bearer ${c.node.creds.adminKey}` } })).json(), changeNote: 'union draft' });
    expect(imported.status).toBe(201);
    await page.goto(`${c.node.baseUrl}/strategies/login_default/versions/${imported.body.version}`);
    await waitState(page, 'draft');
    expect(await page.getByTestId('action-save').count()).toBe(0);
    expect(await page.getByTestId('action-submit').count()).toBe(0);
    await page.getByTestId('action-test').click();
    await page.getByTestId('test-results').waitFor();
    expect((page as E2ePage).errors).toEqual([]);
  }, 120_000);
});
