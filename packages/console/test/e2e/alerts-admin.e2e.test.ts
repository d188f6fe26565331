import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '../../../server/src/runtime/webhook-signature.ts';
import { HAVE_CHROMIUM, startConsole, type Console, type E2ePage } from './browser-harness.ts';

/** Answers and re-renders may take a while on a busy two-core machine. */
const POLL = { timeout: 20_000, interval: 200 };

interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Closes the channel test dialog; a click during its opening animation may not take, so until it is gone. */
async function closeTestDialog(page: Page): Promise<void> {
  const result = page.getByTestId('channel-test-ok');
  for (let i = 0; i < 5 && (await result.isVisible()); i++) {
    await page.getByTestId('channel-test-close').click().catch(() => undefined);
    await result.waitFor({ state: 'hidden', timeout: 3000 }).catch(() => undefined);
  }
  await result.waitFor({ state: 'hidden' });
}

describe.skipIf(!HAVE_CHROMIUM)('the alert center’s SMS templates and action channels in the console', () => {
  let c: Console;
  /** The bank's SMS gateway: answers every signed call with a reference, and remembers what it got. */
  let gateway: Server;
  let gatewayUrl: string;
  const received: Received[] = [];

  beforeAll(async () => {
    gateway = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString('utf8')));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ reference: 'GW-42' }));
      });
    });
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    const port = (gateway.address() as AddressInfo).port;
    gatewayUrl = `http://127.0.0.1:${port}/vigil-actions`;
    c = await startConsole();
    // As VIGIL_WEBHOOK_ALLOW_HOSTS would: this loopback gateway stands for the bank's internal one.
    c.node.vigil.services.webhooks.http.allowHost(`127.0.0.1:${port}`);
  }, 240_000);
  afterAll(async () => {
    await c?.close();
    await new Promise((resolve) => gateway?.close(resolve));
  });

  const openTab = async (page: Page, tab: 'templates' | 'channels', user: string) => {
    await c.open(page, '/alerts/admin', user);
    await page.getByTestId(`admin-tab-${tab}`).click();
    const table = page.getByTestId(`${tab}-table`);
    await table.waitFor();
    await page.locator(`[data-testid="${tab}-table"] .ant-spin-spinning`).waitFor({ state: 'detached' });
    return table;
  };
  const rows = (table: Locator) => table.locator('tr.ant-table-row');
  /** The form item around a field, to read the error shown at it. */
  const fieldError = (page: Page, testId: string) => page.locator('.ant-form-item', { has: page.getByTestId(testId) }).locator('.ant-form-item-explain-error');
  const templatesOf = async (page: Page) => page.evaluate(async () => (await (await fetch('/api/v1/message-templates')).json()) as { items: Array<{ id: string; key: string; orgId: string; locale: string; body: string; autoSend: unknown }> });

  it('a bank administrator writes a template, sees the server refuse an unknown variable at the text, previews it and overrides the union’s template', async () => {
    const page = await c.newPage();
    const table = await openTab(page, 'templates', 'a.admin');
    const unionEn = rows(table).filter({ hasText: 'txn_verify' }).filter({ hasText: 'English' });
    await unionEn.getByTestId('template-inherited').waitFor();
    // The demo texts high and critical card alerts of four categories with it.
    expect(await unionEn.getByTestId('template-auto-send').textContent()).toBe(`${await categoryNames(page, ['card_testing', 'counterfeit_card', 'card_reject', 'atm_reject'])} · High and above`);
    expect(await unionEn.getByTestId('template-edit').count()).toBe(0);
    await c.shot(page, 'alerts-admin-01-templates');

    // A new template with a misspelt variable: the server refuses it, and says so at the text.
    await page.getByTestId('template-create').click();
    await page.getByTestId('template-drawer').waitFor();
    await page.getByTestId('template-key-input').fill('bank_a_notice');
    await page.getByTestId('template-name').fill('Bank A payment notice');
    await page.getByTestId('template-body').fill('Bank A: card {{maskedCard}} paid {{amont}} {{currency}} at ');
    await page.getByTestId('template-var-merchant').click();
    expect(await page.getByTestId('template-body').inputValue()).toBe('Bank A: card {{maskedCard}} paid {{amont}} {{currency}} at {{merchant}}');
    expect(await page.getByTestId('template-drawer').textContent()).toContain('/ 500');
    await page.getByTestId('template-auto-send-on').click();
    await page.getByTestId('template-auto-send-level').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option[title="High"]').click();
    await page.getByTestId('template-save').click();
    const bodyError = fieldError(page, 'template-body');
    await bodyError.filter({ hasText: 'Unknown variable {{amont}}' }).waitFor();
    await c.shot(page, 'alerts-admin-02-template-unknown-variable');
    expect((await templatesOf(page)).items.filter((x) => x.key === 'bank_a_notice')).toEqual([]);

    // Corrected, it is saved as the bank's own, with its auto-send rule summarised.
    await page.getByTestId('template-body').fill('Bank A: card {{maskedCard}} paid {{amount}} {{currency}} at {{merchant}}');
    await expect.poll(() => bodyError.count(), POLL).toBe(0);
    await page.getByTestId('template-save').click();
    await page.getByTestId('template-drawer').waitFor({ state: 'hidden' });
    const mine = rows(table).filter({ hasText: 'bank_a_notice' });
    await mine.getByTestId('template-own').waitFor();
    expect(await mine.getByTestId('template-auto-send').textContent()).toBe('Every category · High and above');
    expect(await mine.textContent()).toContain('maskedCardamountcurrencymerchant');
    const saved = (await templatesOf(page)).items.find((x) => x.key === 'bank_a_notice')!;
    expect(saved).toMatchObject({ orgId: 'bank_a', locale: 'en-US', autoSend: { minLevel: 'high' } });

    // Its preview, rendered by the server with sample values.
    await mine.getByTestId('template-edit').click();
    const preview = page.getByTestId('template-preview-text');
    await expect.poll(() => preview.textContent(), POLL).toBe('Bank A: card 622202*********0123 paid 1280.00 CNY at Example Merchant Hangzhou');
    expect(await page.getByTestId('template-preview-length').textContent()).toBe('78 characters as sent');
    await page.getByTestId('template-body').fill('Changed, not saved');
    await page.getByTestId('template-preview-stale').waitFor();
    await page.getByTestId('template-preview').scrollIntoViewIfNeeded();
    await c.shot(page, 'alerts-admin-03-template-preview');
    await page.getByTestId('template-cancel').click();
    await page.getByTestId('template-drawer').waitFor({ state: 'hidden' });

    // Override the union's English transaction check with the bank's own wording.
    await unionEn.getByTestId('template-override').click();
    await page.getByTestId('template-drawer').waitFor();
    expect(await page.getByTestId('template-key-input').inputValue()).toBe('txn_verify');
    expect(await page.getByTestId('template-key-input').isDisabled()).toBe(true);
    expect(await page.getByTestId('template-body').inputValue()).toContain('{{maskedCard}}');
    await page.getByTestId('template-body').fill('[Bank A] Card {{maskedCard}}: {{amount}} {{currency}} at {{time}}. Not you? Call 95500.');
    await page.getByTestId('template-save').click();
    await page.getByTestId('template-drawer').waitFor({ state: 'hidden' });
    const ownEn = rows(table).filter({ hasText: 'txn_verify' }).filter({ hasText: 'English' }).filter({ has: page.getByTestId('template-own') });
    await ownEn.waitFor();
    // The union's stays, read-only, and can no longer be overridden (the bank has its own).
    await expect.poll(() => unionEn.getByTestId('template-override').count(), POLL).toBe(0);
    expect(await unionEn.getByTestId('template-inherited').count()).toBe(1);
    await c.shot(page, 'alerts-admin-04-template-override');
    const all = (await templatesOf(page)).items;
    expect(all.find((x) => x.key === 'txn_verify' && x.locale === 'en-US' && x.orgId === 'bank_a')).toMatchObject({ body: '[Bank A] Card {{maskedCard}}: {{amount}} {{currency}} at {{time}}. Not you? Call 95500.' });
    expect(all.find((x) => x.key === 'txn_verify' && x.locale === 'en-US' && x.orgId === 'root')).toBeDefined();
    expect((page as E2ePage).errors).toEqual([]);
  });

  it('another bank’s administrator does not see bank A’s templates', async () => {
    const page = await c.newPage();
    const table = await openTab(page, 'templates', 'b.admin');
    await rows(table).filter({ hasText: 'txn_verify' }).first().waitFor();
    expect(await table.textContent()).not.toContain('bank_a_notice');
    expect(await rows(table).filter({ has: page.getByTestId('template-own') }).count()).toBe(0);
    const visible = (await templatesOf(page)).items;
    expect(visible.some((x) => x.orgId === 'bank_a')).toBe(false);
    const id = (await c.node.json('GET', '/api/v1/message-templates')).body.items.find((x: { key: string }) => x.key === 'bank_a_notice').id;
    expect(await page.evaluate(async (tid) => (await fetch(`/api/v1/message-templates/${tid}`)).status, id)).toBe(404);
    await c.shot(page, 'alerts-admin-05-templates-other-bank');
    expect((page as E2ePage).errors).toEqual([]);
  });

  it('a bank administrator creates a simulator channel and tests it, then a webhook channel whose secret is shown once and signs its test', async () => {
    const page = await c.newPage();
    const table = await openTab(page, 'channels', 'a.admin');
    const unionSim = rows(table).filter({ hasText: 'Simulator' }).filter({ has: page.getByTestId('channel-inherited') });
    await unionSim.waitFor();
    expect(await unionSim.getByTestId('channel-test').count()).toBe(0);

    // A simulator for SMS and calls: no URL, no secret; its test answers at once.
    await page.getByTestId('channel-create').click();
    await page.getByTestId('channel-drawer').waitFor();
    await page.getByTestId('channel-name').fill('Bank A sandbox');
    await page.getByTestId('channel-kind-simulator').click();
    await page.getByTestId('channel-url').waitFor({ state: 'detached' });
    await page.getByTestId('channel-type-call').click();
    await page.getByTestId('channel-save').click();
    await page.getByTestId('channel-drawer').waitFor({ state: 'hidden' });
    const sandbox = rows(table).filter({ hasText: 'Bank A sandbox' });
    await sandbox.waitFor();
    expect(await page.getByTestId('secret-value').count()).toBe(0);
    expect(await sandbox.textContent()).toContain('SMS');
    expect(await sandbox.textContent()).toContain('Call');
    await sandbox.getByTestId('channel-test').click();
    await page.getByTestId('channel-test-ok').waitFor();
    expect(await page.getByTestId('channel-test-answer').textContent()).toBe('{"pong":true}');
    await page.waitForTimeout(400); // the dialog's zoom-in
    await c.shot(page, 'alerts-admin-06-channel-test');
    await closeTestDialog(page);
    await page.getByTestId('channel-test-result').waitFor({ state: 'detached' });

    // A webhook to a private address: the server's SSRF guard refuses it, at the URL.
    await page.getByTestId('channel-create').click();
    await page.getByTestId('channel-drawer').waitFor();
    await page.getByTestId('channel-name').fill('Bank A SMS gateway');
    await page.getByTestId('channel-url').fill('http://10.1.2.3/vigil');
    await page.getByTestId('channel-save').click();
    await fieldError(page, 'channel-url').filter({ hasText: 'private or loopback' }).waitFor();

    // The bank's gateway: created, its signing secret shown once.
    await page.getByTestId('channel-url').fill(gatewayUrl);
    await page.getByTestId('channel-save').click();
    const secretBox = page.getByTestId('secret-value');
    await secretBox.waitFor();
    const secret = (await secretBox.textContent())!.trim();
    expect(secret).toMatch(/^whsec_[\w-]{40,}$/);
    expect(await page.locator('.ant-modal', { has: secretBox }).textContent()).toContain('shown only this once');
    await page.waitForTimeout(400); // the dialog's zoom-in
    await c.shot(page, 'alerts-admin-07-channel-secret');
    await page.getByTestId('secret-close').click();
    await secretBox.waitFor({ state: 'detached' });
    const gatewayRow = rows(table).filter({ hasText: 'Bank A SMS gateway' });
    await gatewayRow.waitFor();
    expect(await gatewayRow.textContent()).toContain(gatewayUrl);
    // Never again: not in the page, not in the API.
    expect(await page.content()).not.toContain(secret);
    expect(JSON.stringify((await c.node.json('GET', '/api/v1/action-channels')).body)).not.toContain(secret);

    // Its test reaches the gateway, signed with that secret.
    const before = received.length;
    await gatewayRow.getByTestId('channel-test').click();
    await page.getByTestId('channel-test-ok').waitFor();
    expect(await page.getByTestId('channel-test-result').textContent()).toContain('200');
    expect(await page.getByTestId('channel-test-answer').textContent()).toBe('{"reference":"GW-42"}');
    expect(received.length).toBe(before + 1);
    const call = received.at(-1)!;
    expect(call.headers['x-vigil-action']).toBe('test');
    expect(verifyWebhookSignature(secret, String(call.headers['x-vigil-signature']), call.body)).toBe(true);
    await closeTestDialog(page);

    // Disabled, the sandbox cannot be tested; then it is deleted.
    await sandbox.getByTestId('channel-edit').click();
    await page.getByTestId('channel-drawer').waitFor();
    expect(await page.locator('.ant-radio-wrapper', { has: page.getByTestId('channel-kind-simulator') }).locator('input').isDisabled()).toBe(true);
    await page.getByTestId('channel-enabled').click();
    await page.getByTestId('channel-save').click();
    await page.getByTestId('channel-drawer').waitFor({ state: 'hidden' });
    await expect.poll(() => sandbox.getByTestId('channel-test').isDisabled(), POLL).toBe(true);
    await sandbox.getByTestId('channel-delete').click();
    await page.getByTestId('channel-delete-ok').click();
    await expect.poll(() => sandbox.count(), POLL).toBe(0);
    await c.shot(page, 'alerts-admin-08-channels');
    const channels = (await c.node.json('GET', '/api/v1/action-channels')).body.items as Array<{ name: string; orgId: string; kind: string }>;
    expect(channels.map((x) => x.name).sort()).toEqual(['Bank A SMS gateway', 'Simulator']);
    expect(channels.find((x) => x.name === 'Bank A SMS gateway')).toMatchObject({ orgId: 'bank_a', kind: 'webhook' });
    expect((page as E2ePage).errors).toEqual([]);
  });
});

/** Categories as the console names them in English, read from the API (their names are not this suite's). */
async function categoryNames(page: Page, keys: string[]): Promise<string> {
  const cats = await page.evaluate(async () => (await (await fetch('/api/v1/alert-categories')).json()) as { items: Array<{ key: string; name: { en: string } }> });
  return keys.map((k) => cats.items.find((x) => x.key === k)?.name.en || k).join(', ');
}
