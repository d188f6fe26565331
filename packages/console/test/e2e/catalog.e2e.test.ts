import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAVE_CHROMIUM, startConsole, type Console, type E2ePage } from './browser-harness.ts';

/** Event types and lists, driven as a bank's administrator would, and kept from the other bank. */
describe.skipIf(!HAVE_CHROMIUM)('event types and lists in the console', () => {
  let c: Console;
  let listId = '';
  beforeAll(async () => {
    c = await startConsole();
  }, 240_000);
  afterAll(async () => {
    await c?.close();
  });

  const rows = (page: Page, table: string) => page.locator(`[data-testid="${table}"] tbody tr.ant-table-row`);
  const pick = async (page: Page, select: string, option: string) => {
    await page.getByTestId(select).click();
    await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${option}"]`).click();
  };

  it('shows the event types and one type’s fields with their flags', async () => {
    const page = await c.newPage();
    await c.open(page, '/event-types', 'a.analyst');
    await rows(page, 'event-types-table').first().waitFor();
    expect(await page.getByTestId('event-type-link-card_auth').count()).toBe(1);
    // An analyst reads the catalogue but may not change it.
    expect(await page.getByTestId('event-type-new').count()).toBe(0);
    await c.shot(page, 'catalog-01-event-types');

    await page.getByTestId('event-type-link-card_auth').click();
    await rows(page, 'event-type-fields').first().waitFor();
    const card = rows(page, 'event-type-fields').filter({ hasText: /^card/ }).first();
    expect(await card.textContent()).toContain('Card number (tokenised)');
    expect(await page.getByTestId('event-type-summary').textContent()).toContain('payment');
    expect(await page.getByTestId('event-type-delete').count()).toBe(0);
    // The strategies defined for it, with their live version.
    await rows(page, 'event-type-usage').first().waitFor();
    expect(await page.getByTestId('event-type-usage').textContent()).toMatch(/v\d/);
    await c.shot(page, 'catalog-02-event-type');
    expect((page as E2ePage).errors).toEqual([]);
  });

  it('registers an event type from its JSON definition, shows the server’s problems at their path, and refuses to delete one in use', async () => {
    const page = await c.newPage();
    await c.open(page, '/event-types', 'admin');
    await page.getByTestId('event-type-new').click();
    const def = {
      key: 'e2e_refund',
      name: { zh: '退款', en: 'Refund' },
      scenario: 'payment',
      channels: ['ECOM'],
      fields: { customer_id: { type: 'string', required: true }, amount: { type: 'number', required: true }, org: { type: 'string', required: true } },
      entityFields: { customer_id: 'customer', payee_account: 'account' },
      sensitiveFields: {},
      orgField: 'org',
      latencyBudgetMs: 50,
      fallbackOutcome: 'pass',
      outcomePrecedence: ['pass', 'review', 'challenge', 'reject'],
    };
    await page.getByTestId('event-type-json').fill(JSON.stringify(def, null, 2));
    await page.getByTestId('event-type-save').click();
    await page.getByTestId('event-type-issues').waitFor();
    expect(await page.getByTestId('event-type-issues').textContent()).toContain('entityFields.payee_account');
    await page.getByTestId('event-type-json').fill(JSON.stringify({ ...def, entityFields: { customer_id: 'customer' } }, null, 2));
    await page.getByTestId('event-type-save').click();
    await rows(page, 'event-type-fields').first().waitFor();
    expect(new URL(page.url()).pathname).toBe('/event-types/e2e_refund');
    expect(await rows(page, 'event-type-fields').count()).toBe(3);
    await page.getByTestId('event-type-delete').click();
    await page.getByTestId('event-type-delete-ok').click();
    await page.getByTestId('event-types-table').waitFor();
    expect(await page.getByTestId('event-type-link-e2e_refund').count()).toBe(0);

    // An event type strategies are defined for cannot go: the reason is shown.
    await page.getByTestId('event-type-link-card_auth').click();
    await page.getByTestId('event-type-delete').click();
    await page.getByTestId('event-type-delete-ok').click();
    await page.getByTestId('error-alert').waitFor();
    expect(await page.getByTestId('error-alert').textContent()).toContain('used by strategy');
    expect((page as E2ePage).errors).toEqual([]);
  });

  it('creates a card list, adds and finds an entry, imports a CSV with a bad row, exports and expires', async () => {
    const page = await c.newPage();
    await c.open(page, '/lists', 'a.admin');
    await page.getByTestId('list-new').click();
    await page.getByTestId('list-form-key').fill('e2e_stolen_cards');
    await page.getByTestId('list-form-name-zh').fill('盗卡黑名单');
    await page.getByTestId('list-form-name-en').fill('Stolen cards');
    await pick(page, 'list-form-dimension', 'Card number');
    await page.getByTestId('list-form-description').fill('Cards reported stolen to the bank');
    await page.getByTestId('list-form-ok').click();
    // Created: the console opens the new list.
    await page.getByTestId('list-summary').waitFor();
    listId = new URL(page.url()).pathname.split('/').pop()!;
    expect(await page.getByTestId('list-summary').textContent()).toContain('Card number');

    // One entry; a bad value first shows the server's reason under it, and nothing is added.
    await page.getByTestId('entries-add').click();
    await page.getByTestId('entry-value-0').fill('1234');
    await page.getByTestId('entry-reason-0').fill('stolen wallet, case 2026-0311');
    await page.getByTestId('entries-add-ok').click();
    await page.getByText('must be a card number or a card token').waitFor();
    await page.getByTestId('entry-value-0').fill('6222 0212 3456 7890 131');
    await page.getByTestId('entries-add-ok').click();
    await page.getByTestId('entries-add-form').waitFor({ state: 'detached' });
    await rows(page, 'entries-table').first().waitFor();
    expect(await rows(page, 'entries-table').count()).toBe(1);
    expect(await rows(page, 'entries-table').first().textContent()).toContain('622202*********0131');

    // CSV import: two good rows and one the list refuses.
    await page.getByTestId('entries-import').click();
    await page.locator('.ant-modal input[type="file"]').setInputFiles({
      name: 'stolen.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('value,reason,expires_at\n6222021234567890149,skimming,2030-06-30\nnot-a-card,typo,\n6222021234567890156,lost,\n'),
    });
    await page.getByTestId('import-submit').click();
    await page.getByTestId('import-result').waitFor();
    expect(await page.getByTestId('import-accepted').textContent()).toContain('2');
    expect(await page.getByTestId('import-refused').textContent()).toContain('1');
    const bad = rows(page, 'import-errors');
    expect(await bad.count()).toBe(1);
    const badText = await bad.first().textContent();
    expect(badText).toContain('3');
    expect(badText).toContain('value');
    expect(badText).toContain('Invalid for this list');
    await c.shot(page, 'catalog-05-import-errors');
    await page.getByTestId('import-close').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="entries-table"] tbody tr.ant-table-row').length === 3);

    // Search on the server: by the last four digits, and by the full number.
    await page.getByTestId('entries-search').locator('input').fill('0149');
    await page.getByTestId('entries-search').locator('input').press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="entries-table"] tbody tr.ant-table-row').length === 1);
    expect(await rows(page, 'entries-table').first().textContent()).toContain('622202*********0149');
    await page.getByTestId('entries-search').locator('input').fill('6222021234567890156');
    await page.getByTestId('entries-search').locator('input').press('Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid="entries-table"] tbody tr.ant-table-row')?.textContent?.includes('0156') === true);
    expect(await rows(page, 'entries-table').count()).toBe(1);
    await page.getByTestId('entries-search').locator('input').fill('');
    await page.getByTestId('entries-search').locator('input').press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="entries-table"] tbody tr.ant-table-row').length === 3);
    await c.shot(page, 'catalog-04-list-entries');
    // Never a card number in clear on the page.
    expect(await page.locator('body').textContent()).not.toMatch(/6222021234567890/);

    // Export: masked numbers only.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('entries-export').click()]);
    expect(download.suggestedFilename()).toBe('e2e_stolen_cards.csv');
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv.split(/\r?\n/)[0]).toBe('value,display,reason,source,expires_at,created_by,created_at');
    expect(csv).toContain('622202*********0131');
    expect(csv).not.toMatch(/\d{13,19}/);

    // Expire the first entry added: it leaves the live view and shows as expired on request.
    const first = rows(page, 'entries-table').filter({ hasText: '0131' });
    await first.locator('input[type="checkbox"]').check();
    await page.getByTestId('entries-expire').click();
    await page.getByTestId('entries-expire-ok').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="entries-table"] tbody tr.ant-table-row').length === 2);
    expect(await page.getByTestId('entries-table').textContent()).not.toContain('0131');
    await page.getByTestId('entries-include-expired').click();
    await page.getByTestId('entry-expired').waitFor();
    expect(await rows(page, 'entries-table').filter({ hasText: '0131' }).getByTestId('entry-expired').count()).toBe(1);

    // The list page counts the live and expired entries of the new list.
    await page.goto(`${c.node.baseUrl}/lists`);
    await page.getByTestId('list-link-e2e_stolen_cards').waitFor();
    await page.waitForFunction(() => !document.querySelector('.ant-spin-spinning, .ant-table-placeholder'));
    // Names and description can change; kind, value type and org cannot.
    await page.getByTestId('list-edit-e2e_stolen_cards').click();
    expect(await page.getByTestId('list-form-key').isDisabled()).toBe(true);
    await page.getByTestId('list-form-description').fill('Cards reported stolen or lost');
    await page.getByTestId('list-form-ok').click();
    await page.getByTestId('list-form').waitFor({ state: 'detached' });
    await rows(page, 'lists-table').filter({ hasText: 'stolen or lost' }).waitFor();
    expect(await rows(page, 'lists-table').filter({ hasText: 'e2e_stolen_cards' }).textContent()).toContain('Stolen cards');
    // Let the table's loading fade finish before the picture.
    await page.waitForTimeout(500);
    await c.shot(page, 'catalog-03-lists');
    expect((page as E2ePage).errors).toEqual([]);
  });

  it('keeps bank_a’s list from a bank_b user, in the list and by its address', async () => {
    expect(listId).not.toBe('');
    const page = await c.newPage();
    await c.open(page, '/lists', 'b.admin');
    await page.getByTestId('lists-table').waitFor();
    await page.waitForFunction(() => !document.querySelector('[data-testid="lists-table"] .ant-spin-spinning'));
    expect(await page.getByTestId('list-link-e2e_stolen_cards').count()).toBe(0);
    await page.goto(`${c.node.baseUrl}/lists/${listId}`);
    await page.getByTestId('error-alert').waitFor();
    expect(await page.getByTestId('error-alert').textContent()).toContain('Not found');
    expect(await page.getByTestId('entries-table').count()).toBe(0);
    expect((page as E2ePage).errors).toEqual([]);
  });
});
