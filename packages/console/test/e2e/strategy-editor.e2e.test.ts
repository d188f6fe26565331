import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAVE_CHROMIUM, startConsole, type Console, type E2ePage } from './browser-harness.ts';

/** The strategy editor inside the real console, on a version page (/strategies/<id>/versions/<v>). */
const draft = {
  id: 'e2e_editor_card',
  name: { zh: '编辑器测试策略', en: 'Editor test strategy' },
  eventType: 'card_auth',
  direction: 'in',
  variables: [
    { name: 'is_cnp', expr: "event.channel == 'ECOM'" },
    { name: 'big', expr: 'event.amount >= 5000.0' },
  ],
  features: [{ kind: 'velocity', name: 'card_count_10m', agg: 'count', by: ['card'], window: '10m' }],
  lists: [],
  rules: [
    { id: 'big_amount', name: { zh: '大额交易', en: 'Big amount' }, condition: 'event.amount >= 5000.0 && event.channel == "ECOM"', outcome: 'review', score: 30, riskLevel: 'medium', reasonCode: 'BIG_AMOUNT', enabled: true, mode: 'live' },
    { id: 'card_testing', name: { zh: '疑似试卡', en: 'Card testing' }, condition: 'features.card_count_10m >= 5 && (vars.is_cnp || event.amount < 10.0)', outcome: 'challenge', challenge: ['sms_otp'], score: 50, riskLevel: 'high', reasonCode: 'CARD_TESTING', enabled: true, mode: 'live' },
    { id: 'blacklisted', name: { zh: '黑名单卡', en: 'Blacklisted card' }, condition: 'inList("card_blacklist", event.card)', outcome: 'reject', reasonCode: 'CARD_BLACKLIST', enabled: true, mode: 'shadow' },
  ],
  ruleSets: [{ id: 'main', rules: ['big_amount', 'card_testing', 'blacklisted'] }],
  flow: {
    stages: [
      { id: 'rules', type: 'rules', ruleSet: 'main', mode: 'all', exitOn: ['reject'] },
      {
        id: 'score',
        type: 'score',
        bands: [
          { min: -100000, max: 40, outcome: 'pass', riskLevel: 'low' },
          { min: 40, max: 80, outcome: 'review', riskLevel: 'medium' },
          { min: 80, outcome: 'reject', riskLevel: 'high' },
        ],
      },
    ],
  },
  testCases: [{ name: 'small ECOM purchase', data: { card: 'tok_e2e_card_1', customer_id: 'c1', amount: 12.5, channel: 'ECOM', org: 'bank_a' }, expectOutcome: 'pass' }],
};

describe.skipIf(!HAVE_CHROMIUM)('the strategy editor in headless Chromium', () => {
  let c: Console;
  let page: E2ePage;
  let version: number;
  beforeAll(async () => {
    c = await startConsole();
  }, 240_000);
  afterAll(async () => {
    await c?.close();
  });

  /** Imports the draft as the signed-in analyst (drafts are edited by their author). */
  const importDraft = (p: Page) =>
    p.evaluate(async (pkg) => {
      const csrf = document.cookie.split('; ').find((x) => x.startsWith('vigil_csrf='))?.slice('vigil_csrf='.length) ?? '';
      const r = await fetch('/api/v1/strategies/import', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': decodeURIComponent(csrf) }, body: JSON.stringify({ package: pkg, changeNote: 'editor e2e' }) });
      return { status: r.status, body: await r.json() };
    }, draft);

  const editor = (p: Page, testId = 'cel-editor') => p.getByTestId(testId).locator('.cm-content');
  /** The input of an antd number field, whichever element carries the test id. */
  const numberInput = (p: Page, testId: string) => p.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();
  const closeDrawer = async (p: Page) => {
    await p.keyboard.press('Escape');
    const close = p.locator('.ant-drawer-open .ant-drawer-close');
    if (await close.isVisible()) await close.click();
    await p.locator('.ant-drawer-open').waitFor({ state: 'detached' });
  };

  it('shows the rules of a draft with their outcome, score and mode', async () => {
    page = await c.newPage();
    await c.open(page, '/strategies', 'a.analyst');
    const imported = await importDraft(page);
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    version = imported.body.version;
    await page.goto(`${c.node.baseUrl}/strategies/${draft.id}/versions/${version}`);
    await page.getByTestId('strategy-editor').waitFor();
    for (const r of draft.rules) await page.getByTestId(`rule-row-${r.id}`).waitFor();
    expect(await page.getByTestId('rule-row-blacklisted').textContent()).toContain('Shadow');
    expect(await page.getByTestId('rule-row-big_amount').textContent()).toContain('BIG_AMOUNT');
    await c.shot(page, 'editor-01-rules');
  });

  it('opens a complex condition in the CEL editor, completes fields and features, and marks type errors', async () => {
    await page.getByTestId('rule-edit-card_testing').click();
    await page.getByTestId('rule-drawer').waitFor();
    expect(await page.getByTestId('condition-builder').count()).toBe(0);
    const cm = editor(page);
    await cm.waitFor();
    expect(await cm.textContent()).toContain('features.card_count_10m');
    await page.getByTestId('cel-editor-type').waitFor();
    expect(await page.getByTestId('cel-editor-type').textContent()).toContain('bool');
    // Highlighting: strings, numbers, operators and identifiers get their classes.
    expect(await page.getByTestId('cel-editor').locator('.cm-cel-number').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('cel-editor').locator('.cm-cel-operator').count()).toBeGreaterThan(0);

    await cm.click();
    await page.keyboard.press('End');
    await page.keyboard.type(' && features.card');
    const completion = page.locator('.cm-tooltip-autocomplete');
    await completion.waitFor();
    expect(await completion.textContent()).toContain('features.card_count_10m');
    await c.shot(page, 'editor-02-cel-completion');
    await page.keyboard.press('Enter');
    await page.keyboard.type(' > "many"');
    await page.locator('.cm-lintRange-error').first().waitFor();
    await page.getByTestId('cel-editor-status').filter({ hasText: 'Has problems' }).waitFor();
    // Undo the mistake: back to a clean, bool condition.
    for (let i = 0; i < 9; i++) await page.keyboard.press('Backspace');
    await page.keyboard.type(' > 2');
    await page.getByTestId('cel-editor-status').filter({ hasText: 'No problems' }).waitFor();
    await closeDrawer(page);
  });

  it('opens a simple condition in the builder and writes its CEL back', async () => {
    await page.getByTestId('rule-edit-big_amount').click();
    await page.getByTestId('condition-builder').waitFor();
    await page.getByTestId('condition-row-1').waitFor();
    expect(await page.getByTestId('condition-preview').textContent()).toBe('event.amount >= 5000.0 && event.channel == "ECOM"');
    const amount = numberInput(page, 'condition-value-0');
    await amount.fill('8000');
    await amount.blur();
    await page.getByTestId('condition-preview').filter({ hasText: 'event.amount >= 8000.0' }).waitFor();
    await c.shot(page, 'editor-03-condition-builder');
    // Switching to CEL shows the generated expression.
    await page.getByTestId('condition-mode').getByText('CEL').click();
    expect(await editor(page).textContent()).toBe('event.amount >= 8000.0 && event.channel == "ECOM"');
    await closeDrawer(page);
  });

  it('draws the flow as a graph and shows the settings of the stage clicked', async () => {
    await page.getByTestId('editor-tab-flow').click();
    await page.getByTestId('flow-graph').waitFor();
    await page.getByTestId('flow-node-rules').waitFor();
    await page.getByTestId('flow-node-score').waitFor();
    await page.getByTestId('flow-node-end').waitFor();
    await page.getByTestId('flow-node-score').click();
    await page.getByTestId('stage-settings').filter({ hasText: 'score' }).waitFor();
    expect(await page.getByTestId('stage-id').inputValue()).toBe('score');
    await c.shot(page, 'editor-04-flow-graph');
  });

  it('validates score bands as they are edited', async () => {
    await page.getByTestId('editor-tab-bands').click();
    await page.getByTestId('bands-score').waitFor();
    expect(await page.getByTestId('bands-score-invalid').count()).toBe(0);
    const min = numberInput(page, 'bands-score-min-1');
    await min.fill('30');
    await min.blur();
    await page.getByTestId('bands-score-issue-1').filter({ hasText: 'Overlaps' }).waitFor();
    await page.getByTestId('bands-score-invalid').waitFor();
    await c.shot(page, 'editor-05-score-bands');
    await min.fill('40');
    await min.blur();
    await page.getByTestId('bands-score-invalid').waitFor({ state: 'detached' });
    expect(page.errors).toEqual([]);
  });

  it('edits variables with their checked type, features per kind, and test case data as validated JSON', async () => {
    await page.getByTestId('editor-tab-variables').click();
    await page.getByTestId('variable-row-big').waitFor();
    await page.getByTestId('variable-expr-big-type').filter({ hasText: 'bool' }).waitFor();
    const expr = editor(page, 'variable-expr-big');
    await expr.click();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('event.amount * 2.0');
    await page.getByTestId('variable-expr-big-type').filter({ hasText: 'double' }).waitFor();
    await c.shot(page, 'editor-06-variables');

    await page.getByTestId('editor-tab-features').click();
    await page.getByTestId('feature-row-card_count_10m').dblclick();
    await page.getByTestId('feature-drawer').waitFor();
    await editor(page, 'feature-filter').click();
    await page.keyboard.type('features.card_count_10m > 1');
    // A filter sees only the event: features are unknown there.
    await page.getByTestId('feature-filter-status').filter({ hasText: 'Has problems' }).waitFor();
    await c.shot(page, 'editor-07-feature');
    await page.keyboard.press('Control+a');
    await page.keyboard.type("event.channel == 'ECOM'");
    await page.getByTestId('feature-filter-status').filter({ hasText: 'No problems' }).waitFor();
    await closeDrawer(page);
    expect(await page.getByTestId('feature-row-card_count_10m').textContent()).toContain("event.channel == 'ECOM'");

    await page.getByTestId('editor-tab-tests').click();
    await page.getByTestId('test-case-row-0').locator('.ant-table-row-expand-icon').click();
    const data = page.getByTestId('test-case-data-0');
    await data.fill('{"amount": ');
    await page.getByTestId('test-case-data-0-error').waitFor();
    await data.fill('[1, 2]');
    expect(await page.getByTestId('test-case-data-0-error').textContent()).toContain('JSON object');
    await data.fill('{"card": "tok_x", "customer_id": "c1", "amount": 99.5, "channel": "POS", "org": "bank_a"}');
    await page.getByTestId('test-case-data-0-error').waitFor({ state: 'detached' });
    await c.shot(page, 'editor-08-test-cases');
    expect(page.errors).toEqual([]);
  });

  it('speaks Chinese', async () => {
    const p = await c.newPage('zh-CN');
    await c.open(p, `/strategies/${draft.id}/versions/${version}`, 'a.analyst');
    await p.getByTestId('strategy-editor').waitFor();
    expect(await p.getByTestId('editor-tab-rules').textContent()).toContain('规则');
    expect(await p.getByTestId('editor-tab-bands').textContent()).toContain('评分区间');
    await p.getByTestId('rule-edit-big_amount').click();
    await p.getByTestId('condition-builder').waitFor();
    expect(await p.getByTestId('condition-builder').textContent()).toContain('并且');
    await p.waitForTimeout(500); // the drawer's slide-in
    await c.shot(p, 'editor-09-zh-condition-builder');
    expect(p.errors).toEqual([]);
  });

  it('shows a live version read-only', async () => {
    const p = await c.newPage();
    await c.open(p, '/strategies/card_auth_default/versions/1', 'a.analyst');
    await p.getByTestId('strategy-editor').waitFor();
    expect(await p.getByTestId('strategy-editor').getAttribute('data-readonly')).toBe('true');
    expect(await p.getByTestId('rule-add').count()).toBe(0);
    expect(p.errors).toEqual([]);
  });
});
