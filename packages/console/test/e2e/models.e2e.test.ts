import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GERMAN_CREDIT_PATH } from '@vigil/modeling/testing';
import { chooseOption, HAVE_CHROMIUM, startConsole, type Console, type E2ePage } from './browser-harness.ts';

/** The German credit data set of the spec (1,000 applications, target `creditability` good/bad). */
const GERMAN = readFileSync(GERMAN_CREDIT_PATH);

describe.skipIf(!HAVE_CHROMIUM)('the modelling workbench and the model registry in the console', () => {
  let c: Console;

  beforeAll(async () => {
    c = await startConsole();
  }, 240_000);
  afterAll(async () => {
    await c?.close();
  });

  /** An antd InputNumber's input (the test id lands on the input or on its wrapper, depending on the version). */
  const numberInput = (page: Page, testId: string) => page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();
  /** The bin labels of the binning table shown. */
  const binLabels = (page: Page) => page.getByTestId('binning-table').getByTestId('bin-label').allTextContents();
  /** The cut points in the break editor, as numbers. */
  const cutPoints = async (page: Page) => {
    const n = await page.locator('[data-testid^="break-remove-"]').count();
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(Number(await numberInput(page, `break-input-${i}`).inputValue()));
    return out;
  };

  it('a modeller uploads the German credit data, edits a break of duration_in_month, fits a scorecard and registers it as a new model', async () => {
    const page = await c.newPage();
    await c.open(page, '/models', 'a.modeller');
    await page.getByTestId('model-table').waitFor();
    await page.getByTestId('models-workbench-link').click();
    await page.getByTestId('dataset-upload').waitFor();

    // A file with a card number is refused whole, with the server's reason.
    await page.getByTestId('dataset-upload').locator('input[type=file]').setInputFiles({ name: 'cards.csv', mimeType: 'text/csv', buffer: Buffer.from('card,bad\n4111111111111111,1\n4000000000000002,0\n') });
    await expect.poll(() => page.getByTestId('dataset-name').inputValue()).toBe('cards');
    await page.getByTestId('dataset-upload-submit').click();
    await page.getByTestId('dataset-upload').getByTestId('error-details').waitFor();
    expect(await page.getByTestId('dataset-upload').getByTestId('error-details').textContent()).toContain('card number');

    // The data set: uploaded as its file's text, its data quality shown next.
    await page.getByTestId('dataset-upload').locator('input[type=file]').setInputFiles({ name: 'german-credit.csv', mimeType: 'text/csv', buffer: GERMAN });
    await expect.poll(() => page.getByTestId('dataset-name').inputValue()).toBe('german-credit');
    await page.getByTestId('dataset-upload-submit').click();
    await page.waitForURL(/\/models\/workbench\/[^/]+$/);
    await page.getByTestId('dataset-page').waitFor();
    expect(await page.getByTestId('dataset-rows').textContent()).toBe('1,000');
    await page.getByTestId('dq-row-duration_in_month').waitFor();
    expect(await page.getByTestId('dq-row-duration_in_month').textContent()).toContain('Numeric');
    expect(await page.getByTestId('dq-row-purpose').textContent()).toContain('Categorical');
    // The target and its bad value are guessed from the columns.
    expect(await page.getByTestId('target-select').textContent()).toContain('creditability');
    expect(await page.getByTestId('bad-select').textContent()).toContain('bad');
    await c.shot(page, 'models-01-dataset-quality');

    // duration_in_month: its optimal binning, then one cut point moved by hand and recomputed.
    await page.getByTestId('dq-row-duration_in_month').locator('a').first().click();
    const card = page.locator('[data-testid="variable-binning"][data-variable="duration_in_month"]');
    await card.getByTestId('binning-table').waitFor();
    await card.getByTestId('breaks-editor').waitFor();
    const before = await cutPoints(page);
    expect(before.length).toBeGreaterThan(0);
    expect((await binLabels(page))[0]).toBe(`[-inf, ${before[0]})`);
    expect(await page.getByTestId('breaks-recompute').isDisabled()).toBe(true);
    // A new first cut point the optimal binning did not choose.
    const moved = [7, 8, 9, 10, 11].find((v) => !before.includes(v) && (before.length < 2 || v < before[1]!))!;
    await numberInput(page, 'break-input-0').fill(String(moved));
    await numberInput(page, 'break-input-0').blur();
    await expect.poll(() => page.getByTestId('breaks-preview').textContent()).toContain(`[-inf, ${moved})`);
    await page.getByTestId('breaks-recompute').click();
    await card.getByTestId('binning-manual').waitFor();
    await expect.poll(async () => (await binLabels(page))[0]).toBe(`[-inf, ${moved})`);
    expect(await cutPoints(page)).toEqual([moved, ...before.slice(1)].sort((a, b) => a - b));
    await page.getByTestId('manual-duration_in_month').waitFor();
    await c.shot(page, 'models-02-binning-edited');

    // The fit takes the edited breaks along.
    expect(await page.getByTestId('fit-manual-count').textContent()).toContain('1');
    await page.getByTestId('fit-submit').click();
    await page.getByTestId('fit-result').waitFor({ timeout: 120_000 });
    await page.getByTestId('fit-result').getByTestId('scorecard-table').waitFor();
    await c.shot(page, 'models-03-fit-result');

    // Registered as version 1 of a model created on the way.
    await page.getByTestId('fit-register').click();
    await page.getByTestId('register-fit-dialog').waitFor();
    await page.getByTestId('register-fit-new-model').click();
    await page.getByTestId('new-model-dialog').waitFor();
    await page.getByTestId('new-model-key').fill('german_e2e');
    await page.getByTestId('new-model-name').fill('German credit application card');
    await page.getByTestId('new-model-description').fill('Fitted in the workbench on the German credit data set.');
    await page.getByTestId('new-model-submit').click();
    await page.getByTestId('new-model-dialog').waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('register-fit-model').textContent()).toContain('german_e2e');
    await page.getByTestId('register-fit-note').fill('First fit, duration cut by hand');
    await page.getByTestId('register-fit-submit').click();
    await page.waitForURL(/\/models\/[^/]+\/versions\/1$/);

    // The version: metrics, the scorecard table, and KS/ROC curves drawn.
    await page.getByTestId('version-detail').waitFor();
    expect(await page.getByTestId('version-title').textContent()).toContain('German credit application card');
    await page.getByTestId('model-status-development').first().waitFor();
    await page.getByTestId('metrics-train').waitFor();
    await page.getByTestId('metrics-test').waitFor();
    const table = page.getByTestId('version-detail').getByTestId('scorecard-table');
    await table.waitFor();
    const scorecard = (await table.textContent()) ?? '';
    expect(scorecard).toContain('status_of_existing_checking_account');
    // duration_in_month is in the card with the bins as edited (or the fit says why it left it out).
    const durationRow = await page.getByTestId('variable-row-duration_in_month').count();
    if (scorecard.includes('duration_in_month')) expect(scorecard).toContain(`[-inf, ${moved})`);
    else expect(durationRow).toBe(0);
    await c.shot(page, 'models-04-version-scorecard');

    await page.getByTestId('sc-tab-evaluation').click();
    await page.getByTestId('ks-chart').locator('canvas').first().waitFor();
    await page.getByTestId('roc-chart').locator('canvas').first().waitFor();
    await page.getByTestId('gains-table').waitFor();
    await page.getByTestId('ks-chart').scrollIntoViewIfNeeded();
    await c.shot(page, 'models-05-ks-roc');

    // The self-contained HTML report, as the download link fetches it.
    const reportUrl = await page.getByTestId('report-download').getAttribute('href');
    expect(reportUrl).toMatch(/^\/api\/v1\/models\/[^/]+\/versions\/1\/report$/);
    const report = await page.request.get(`${c.node.baseUrl}${reportUrl}`);
    expect(report.status()).toBe(200);
    expect(report.headers()['content-type']).toContain('text/html');

    // The variables and the binning chart of each.
    await page.getByTestId('sc-tab-variables').click();
    await page.getByTestId('variables-table').waitFor();
    await page.getByTestId('sc-tab-binning').click();
    await page.getByTestId('binning-chart').locator('canvas').first().waitFor();

    // Try it: one application scored as the engine would.
    await page.getByTestId('try-example').click();
    await page.getByTestId('try-submit').click();
    await page.getByTestId('try-result').waitFor();
    expect(Number((await page.getByTestId('try-score').locator('.ant-statistic-content').textContent())?.replace(/,/g, ''))).toBeGreaterThan(0);

    // The registry lists the new model, its latest version in development; its history says so.
    await page.goto(`${c.node.baseUrl}/models`);
    await page.getByTestId('model-row-german_e2e').waitFor();
    expect(await page.getByTestId('model-row-german_e2e').textContent()).toContain('v1');
    await page.getByTestId('model-row-german_e2e').getByTestId('model-status-development').waitFor();
    await c.shot(page, 'models-06-registry');
    await page.getByTestId('model-link-german_e2e').click();
    await page.getByTestId('model-detail').waitFor();
    await page.getByTestId('version-row-1').waitFor();
    // The author may not validate her own version.
    expect(await page.getByTestId('status-1-validated').isDisabled()).toBe(true);
    await page.getByTestId('tab-timeline').click();
    await page.locator('[data-testid="model-event"][data-action="version_registered"]').waitFor();
    await page.getByTestId('tab-monitoring').click();
    await page.getByTestId('monitoring-tab').waitFor();
    await c.shot(page, 'models-07-model-detail-monitoring');
    expect((page as E2ePage).errors).toEqual([]);
  }, 300_000);

  it('an approver validates the version and makes it champion; an administrator puts it into a draft of a strategy', async () => {
    const page = await c.newPage();
    await c.open(page, '/models', 'a.approver');
    await page.getByTestId('model-link-german_e2e').click();
    await page.getByTestId('version-row-1').waitFor();
    // Not the author: validation and promotion are hers to make, registering is not.
    expect(await page.getByTestId('register-version').count()).toBe(0);
    const move = async (to: string, note: string) => {
      await page.getByTestId(`status-1-${to}`).click();
      await page.getByTestId('status-dialog-note').fill(note);
      await page.getByTestId('status-dialog-ok').click();
      await page.getByTestId('version-status-1').getByTestId(`model-status-${to}`).waitFor();
    };
    await move('validated', 'Independent validation: discrimination and stability reviewed');
    await move('production', 'Approved for production by the model risk committee');
    await page.getByTestId('set-champion').click();
    await page.getByTestId('champion-select').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option[title="v1"]').first().click();
    await page.getByTestId('champion-dialog-note').fill('First champion');
    await page.getByTestId('champion-dialog-ok').click();
    await page.getByTestId('champion-1').waitFor();
    expect(await page.getByTestId('model-champion-version').textContent()).toBe('v1');
    await page.getByTestId('tab-timeline').click();
    await page.locator('[data-testid="model-event"][data-action="champion_changed"]').waitFor();
    await c.shot(page, 'models-08-approved-champion');
    expect((page as E2ePage).errors).toEqual([]);

    // The administrator (who edits strategies) deploys it into a new draft of the card strategy.
    const admin = await c.newPage();
    await c.open(admin, new URL(page.url()).pathname.replace(/\/?$/, '/versions/1'), 'admin');
    await admin.getByTestId('version-detail').waitFor();
    await admin.getByTestId('deploy-open').click();
    await admin.getByTestId('deploy-dialog').waitFor();
    // Every input defaults to the event field of its name …
    const inputs = admin.locator('[data-testid^="deploy-input-"]');
    expect(await inputs.count()).toBeGreaterThan(0);
    expect(await admin.getByTestId('deploy-input-duration_in_month').inputValue()).toBe('event.duration_in_month');
    // … which a card authorisation does not carry: constants keep the draft compiling here.
    for (let i = 0; i < (await inputs.count()); i++) await inputs.nth(i).fill('0');
    await admin.getByTestId('deploy-note').fill('Score card applications with the German card');
    // With the inputs and the note filled, choosing the strategy is what enables the submit button.
    await chooseOption(admin, admin.getByTestId('deploy-strategy'), admin.locator('.ant-select-dropdown:visible .ant-select-item-option[title*="(card_auth_default)"]'), (timeout) =>
      admin.locator('[data-testid="deploy-submit"]:not([disabled])').waitFor({ timeout }),
    );
    await c.shot(admin, 'models-09-deploy-dialog');
    await admin.getByTestId('deploy-submit').click();
    await admin.getByTestId('deploy-draft-link').waitFor();
    await admin.getByTestId('deploy-draft-link').click();
    await admin.waitForURL(/\/strategies\/card_auth_default\/versions\/\d+$/);
    // The new version is a draft, with the model in its package.
    await admin.getByTestId('version-state').getByTestId('state-draft').waitFor();
    await admin.getByTestId('version-definition').waitFor();
    await c.shot(admin, 'models-10-strategy-draft');

    // Monitoring: scheduled from now on, and run once at once (no decision scored it yet).
    await admin.goto(`${new URL(page.url()).origin}${new URL(page.url()).pathname}?tab=monitoring`);
    await admin.getByTestId('monitoring-tab').waitFor();
    await admin.getByTestId('monitoring-enabled').click();
    await admin.getByTestId('monitoring-save').click();
    await admin.locator('.ant-message').getByText('Monitoring saved').waitFor();
    await admin.getByTestId('monitoring-run').click();
    await admin.getByTestId('run-detail').waitFor();
    await admin.getByTestId('run-detail').getByTestId('monitoring-status-insufficient').waitFor();
    await c.shot(admin, 'models-11-monitoring-run');
    await admin.keyboard.press('Escape');
    await admin.getByTestId('runs-table').waitFor();
    await admin.getByTestId('stability-chart').locator('canvas').first().waitFor();
    await c.shot(admin, 'models-12-monitoring-history');
    expect((admin as E2ePage).errors).toEqual([]);
  }, 300_000);
});
