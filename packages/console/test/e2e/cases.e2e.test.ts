import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contributeAlert } from '../../../server/src/repos/alerts.ts';
import { OrgData } from '../../../server/src/repos/scoped.ts';
import { cardAuth, signIn, type TestNode, type UserSession } from '../../../server/test/harness.ts';
import { HAVE_CHROMIUM, startConsole, type Console, type E2ePage } from './browser-harness.ts';

/** A card of bank_b: typed once into the new-case dialog, never seen again (not on the page, nor in an address). */
const CARD = '6222021234567890123';
/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
/** The start of a Windows executable, named as if it were a PDF. */
const EXE = Buffer.concat([Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0, 0, 0, 0x04, 0, 0, 0, 0xff, 0xff, 0, 0]), Buffer.from('This program cannot be run in DOS mode.\r\r\n$')]);

/** An alert of `org` on the card with the decision behind it (as the alert center raises one). */
async function alertWithDecision(node: TestNode, org: string, card: string) {
  const event = cardAuth({ org, card, amount: 5200 });
  const d = await node.json('POST', '/api/v1/decisions', event, node.creds.apiKey);
  expect(d.status, JSON.stringify(d.body)).toBe(200);
  const token = node.vigil.services.tokenizer.tokenize(card);
  const display = `${card.slice(0, 6)}${'*'.repeat(card.length - 10)}${card.slice(-4)}`;
  const a = await contributeAlert(OrgData.system(node.vigil.database.db), {
    orgId: org,
    category: 'card_theft',
    level: 'high',
    source: 'decision',
    subjectType: 'card',
    subjectKey: token,
    subjectDisplay: display,
    mergeKey: `card:${token}:${d.body.decisionId}`,
    windowMs: 3_600_000,
    at: new Date(),
    decisionId: d.body.decisionId,
    eventType: 'card_auth',
    eventId: event.eventId,
  });
  return { alertId: a.alertId, decisionId: d.body.decisionId as string, display };
}

describe.skipIf(!HAVE_CHROMIUM)('the case center in the console', () => {
  let c: Console;
  let inv: UserSession['call'];
  let alert: Awaited<ReturnType<typeof alertWithDecision>>;
  /** The case b.investigator opens in the browser, carried from the first test to the next. */
  let caseId = '';
  let caseNumber = '';

  beforeAll(async () => {
    c = await startConsole();
    inv = (await signIn(c.node, 'b.investigator')).call;
    // An alert of bank_b on the card, with the decision behind it: the case is opened from it.
    alert = await alertWithDecision(c.node, 'bank_b', CARD);
  }, 240_000);
  afterAll(async () => {
    await c?.close();
  });

  const tab = async (page: Page, name: string) => {
    await page.getByTestId(`tab-${name}`).click();
    await page.getByTestId(`case-${name === 'timeline' ? 'timeline' : name}`).waitFor();
  };
  /** Picks an option of an antd Select opened by clicking `selector`. */
  const choose = async (page: Page, selector: string, title: string) => {
    await page.locator(selector).click();
    await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${title}"]`).click();
    await dropdownsClosed(page);
  };
  /** No select's dropdown is open (or still closing over the next field to click). */
  const dropdownsClosed = (page: Page) => expect.poll(() => page.locator('.ant-select-dropdown:visible').count()).toBe(0);
  /** An antd InputNumber's input (the test id lands on the input or on its wrapper, depending on the version). */
  const numberInput = (page: Page, testId: string) => page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();
  const stateOf = (page: Page) => page.getByTestId('case-state').locator('[data-testid^="case-state-"]').getAttribute('data-testid');
  const waitState = (page: Page, state: string) => page.getByTestId('case-state').getByTestId(`case-state-${state}`).waitFor();
  /** Confirms a dialog that the page wrote with `<testId>-note` and `<testId>-ok` (NoteModal). */
  const confirmNote = async (page: Page, dialog: string, note: string) => {
    await page.getByTestId(`${dialog}-note`).fill(note);
    const ok = page.getByTestId(`${dialog}-ok`);
    // On a loaded machine a click can land while the dialog is still opening and do nothing; the
    // click is repeated only when the button is not busy with a request the first one sent.
    for (let attempt = 1; ; attempt++) {
      await ok.click();
      try {
        await ok.waitFor({ state: 'hidden', timeout: attempt < 3 ? 8_000 : 30_000 });
        return;
      } catch (e) {
        if (attempt >= 3) throw e;
        if (await ok.evaluate((b) => b.classList.contains('ant-btn-loading')).catch(() => false)) {
          await ok.waitFor({ state: 'hidden' });
          return;
        }
      }
    }
  };
  const newCase = async (over: Record<string, unknown>) => {
    const r = await inv('POST', '/api/v1/cases', { type: 'fraud_investigation', title: 'Case', subjectType: 'customer', subjectKey: 'cust-e2e', ...over });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body as { id: string; number: string; version: number };
  };

  it('an investigator opens a card case from an alert, works it (task, note, evidence from an uploaded file) and proposes a confirmed fraud', async () => {
    const page = await c.newPage();
    await c.open(page, '/cases', 'b.investigator');
    await page.getByTestId('case-filters').waitFor();
    // No administration for an investigator.
    expect(await page.getByTestId('cases-admin-link').count()).toBe(0);

    // New case: a card subject typed by its number, linked with the alert (and so its decision).
    await page.getByTestId('cases-new').click();
    await page.getByTestId('new-case-dialog').waitFor();
    await page.getByTestId('new-case-dialog').getByText('Fraud investigation').waitFor();
    await page.getByTestId('new-case-subject-key').fill(CARD);
    await page.getByTestId('new-case-title').fill('Card used abroad after theft');
    await numberInput(page, 'new-case-amount').fill('5200');
    await choose(page, '#newCase_priority', 'High');
    await page.getByTestId('new-case-alerts').fill(alert.alertId);
    await c.shot(page, 'cases-01-new-case');
    await page.getByTestId('new-case-submit').click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    await page.getByTestId('case-detail').waitFor();
    caseId = new URL(page.url()).pathname.split('/').pop()!;
    caseNumber = (await page.getByTestId('case-number').textContent())!.trim();
    expect(caseNumber).toMatch(/^CASE-\d{4}-\d{6}$/);
    await waitState(page, 'open');
    // The card is shown masked; its number is nowhere on the page or in the address bar.
    expect(await page.getByTestId('case-header').textContent()).toContain(alert.display);
    expect(await page.content()).not.toContain(CARD);
    expect(page.url()).not.toContain(CARD);
    expect(await page.getByTestId('case-priority-high').count()).toBeGreaterThan(0);
    // Only "start" is the investigator's to take now (dismissal is the reviewer's).
    expect(await page.getByTestId('case-transitions').locator('[data-testid^="transition-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')))).toEqual(['transition-start']);

    // The links: the alert (→ /alerts/<id>) and its decision (→ /decisions/<id>).
    await tab(page, 'links');
    expect(await page.getByTestId('link-alert').getAttribute('href')).toBe(`/alerts/${alert.alertId}`);
    expect(await page.getByTestId('link-decision').getAttribute('href')).toBe(`/decisions/${alert.decisionId}`);

    // A task, assigned and completed.
    await tab(page, 'tasks');
    await page.getByTestId('task-title').fill('Call the cardholder');
    await page.getByTestId('task-assignee').fill('b.investigator');
    await page.getByTestId('task-add').click();
    await page.getByTestId('task-Call the cardholder').waitFor();
    await page.getByTestId('task-complete-Call the cardholder').click();
    await page.getByTestId('task-Call the cardholder').getByTestId('task-done').waitFor();

    // A note; one with a card number is refused with the server's reason.
    await tab(page, 'notes');
    await page.getByTestId('note-body').fill('4111 1111 1111 1111 was used');
    await page.getByTestId('note-add').click();
    await page.getByTestId('case-notes').getByTestId('error-details').waitFor();
    expect(await page.getByTestId('case-notes').getByTestId('error-details').textContent()).toContain('card number');
    await page.getByTestId('note-body').fill('The cardholder confirms the card was stolen on 3 May.');
    await page.getByTestId('note-add').click();
    await page.getByTestId('case-notes').getByTestId('note').filter({ hasText: 'stolen on 3 May' }).waitFor();

    // Attachments: the server's limits shown; a too-large file and a disguised executable refused; a PNG kept.
    await tab(page, 'attachments');
    expect(await page.getByTestId('attachment-limits').textContent()).toMatch(/5\.0 MiB.*50 files.*pdf, png/);
    const input = page.getByTestId('case-attachments').locator('input[type=file]');
    await input.setInputFiles({ name: 'huge.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(5 * 1024 * 1024 + 1, 0x20) });
    await page.getByTestId('attachment-problem').filter({ hasText: 'huge.pdf is larger than 5.0 MiB' }).waitFor();
    await input.setInputFiles({ name: 'statement.pdf', mimeType: 'application/pdf', buffer: EXE });
    await page.getByTestId('case-attachments').getByTestId('error-details').waitFor();
    expect(await page.getByTestId('case-attachments').getByTestId('error-details').textContent()).toContain('This kind of file is not accepted');
    await input.setInputFiles({ name: 'receipt.png', mimeType: 'image/png', buffer: PNG });
    await page.getByTestId('attachment-receipt.png').waitFor();
    expect(await page.getByTestId('attachment-receipt.png').textContent()).toContain('image/png');
    expect(await page.getByTestId('attachment-receipt.png').getByTestId('attachment-download').getAttribute('href')).toMatch(new RegExp(`^/api/v1/cases/${caseId}/attachments/`));
    expect(await page.getByTestId('case-attachments').getByTestId('error-details').count()).toBe(0);

    // Evidence referring to the uploaded file.
    await tab(page, 'evidence');
    await choose(page, '#evidence_kind', 'Screenshot');
    await choose(page, '#evidence_ref', 'Attachment: receipt.png');
    await page.getByTestId('evidence-description').fill('Receipt of the foreign purchase');
    await page.getByTestId('evidence-add').click();
    await page.getByTestId('evidence-screenshot').getByTestId('evidence-attachment').filter({ hasText: 'receipt.png' }).waitFor();

    // The workflow: start, then propose the conclusion (into review).
    await page.getByTestId('transition-start').click();
    await confirmNote(page, 'dialog-transition', 'Investigation starts');
    await waitState(page, 'investigating');
    await page.getByTestId('transition-submit_for_review').click();
    await page.getByTestId('dialog-conclusion').waitFor();
    expect(await page.locator('#conclusion_outcome').count()).toBe(1);
    await numberInput(page, 'conclusion-loss').fill('3200');
    await page.getByTestId('conclusion-typology').fill('card_theft');
    await page.getByTestId('conclusion-summary').fill('Confirmed with the cardholder: the card was stolen and used abroad.');
    await page.getByTestId('conclusion-submit').click();
    await waitState(page, 'pending_review');
    await tab(page, 'conclusion');
    await page.getByTestId('case-outcome-fraud_confirmed').first().waitFor();
    expect(await page.getByTestId('conclusion-loss-amount').textContent()).toContain('3,200');
    // No review for the investigator: neither buttons nor the review panel, and the server refuses.
    expect(await page.getByTestId('review-approve').count()).toBe(0);
    expect(await page.getByTestId('case-review').count()).toBe(0);
    await page.getByTestId('transitions-none').waitFor();
    const version = Number(await page.getByTestId('case-detail').getAttribute('data-version'));
    const refused = await inv('POST', `/api/v1/cases/${caseId}/review`, { decision: 'approve', note: 'me', version });
    expect(refused.status).toBe(403);
    await c.shot(page, 'cases-02-detail-in-review');
    expect((page as E2ePage).errors).toEqual([]);
  });

  it('the reviewer approves: the case closes with labels, the timeline is complete and the report opens', async () => {
    expect(caseId).not.toBe('');
    const page = await c.newPage();
    await c.open(page, `/cases/${caseId}`, 'b.reviewer');
    await waitState(page, 'pending_review');
    await tab(page, 'conclusion');
    expect(await page.getByTestId('case-review').textContent()).not.toContain('independent');
    await page.getByTestId('review-approve').click();
    await confirmNote(page, 'dialog-review', 'Agreed: confirmed fraud');
    await waitState(page, 'closed');
    await page.getByTestId('case-labels').filter({ hasText: 'Labels written: 1 event(s).' }).waitFor();
    expect(await page.getByTestId('conclusion-review').textContent()).toContain('Approved');
    expect(await page.getByTestId('conclusion-review').textContent()).toContain('Agreed: confirmed fraud');
    // Closed: only the reviewer's "reopen" is left.
    expect(await page.getByTestId('case-transitions').locator('[data-testid^="transition-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')))).toEqual(['transition-reopen']);

    await tab(page, 'timeline');
    const kinds = await page.getByTestId('timeline-entry').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
    for (const k of ['created', 'member_added', 'link_added', 'task_added', 'task_completed', 'note_added', 'attachment_added', 'evidence_added', 'transition', 'conclusion_proposed', 'conclusion_approved', 'labels_recorded']) expect(kinds, k).toContain(k);
    expect(kinds[0]).toBe('created');
    const timeline = await page.getByTestId('case-timeline').textContent();
    expect(timeline).toContain('b.investigator');
    expect(timeline).toContain('b.reviewer');
    expect(timeline).toContain('Investigation starts');
    expect(timeline).toContain('Agreed: confirmed fraud');
    await c.shot(page, 'cases-03-closed-timeline');

    // The report: one HTML page in a new tab, with the case's number, conclusion and timeline.
    const [report] = await Promise.all([page.context().waitForEvent('page'), page.getByTestId('case-report-open').click()]);
    await report.waitForURL(/^blob:/);
    await report.waitForLoadState();
    const html = await report.content();
    expect(html).toContain(caseNumber);
    expect(html).toContain('card_theft');
    expect(html).toContain('receipt.png');
    expect(html).not.toContain(CARD);
    await c.shot(report, 'cases-04-report');
    expect(await page.getByTestId('case-report-download').getAttribute('href')).toBe(`/api/v1/cases/${caseId}/report?lang=en`);
    expect((page as E2ePage).errors).toEqual([]);
  });

  it('shows another bank the 404 page on the case’s address', async () => {
    expect(caseId).not.toBe('');
    const page = await c.newPage();
    await c.open(page, `/cases/${caseId}`, 'a.admin');
    await page.getByTestId('not-found').waitFor();
    expect(await page.getByTestId('case-detail').count()).toBe(0);
    expect((page as E2ePage).errors).toEqual([]);
  });

  it('searches with the filters in the address bar: a card by its token, phases, my cases, amounts; a link reproduces the search', async () => {
    const page = await c.newPage('zh-CN');
    await c.open(page, '/cases', 'b.investigator');
    await choose(page, '#caseFilters_subjectType', '卡');
    await page.getByTestId('filter-subject-key').fill(CARD);
    await page.locator('#caseFilters_phases').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option[title="已关闭"]').click();
    await page.keyboard.press('Escape');
    await dropdownsClosed(page);
    await page.getByTestId('case-filters').locator('.ant-select-selection-item').filter({ hasText: '已关闭' }).waitFor();
    await page.getByTestId('filter-mine').check();
    await numberInput(page, 'filter-amount-min').fill('1000');
    await page.getByTestId('filter-submit').click();
    await page.waitForURL(/subjectKey=tok_/);
    const url = new URL(page.url());
    expect(url.search).not.toContain(CARD);
    expect(url.searchParams.get('subjectType')).toBe('card');
    expect(url.searchParams.getAll('phase')).toEqual(['closed']);
    expect(url.searchParams.get('investigator')).toBe('me');
    expect(url.searchParams.get('amountMin')).toBe('1000');
    // The answer to these filters (not the unfiltered list shown while it loads): the closed case alone.
    await page.getByTestId(`case-row-${caseNumber}`).filter({ hasText: '已结案' }).waitFor();
    expect(await page.getByTestId('case-table').locator('tbody tr.ant-table-row').count()).toBe(1);
    // The form now shows the search as the address bar holds it: the card by its token.
    await expect.poll(() => page.getByTestId('filter-subject-key').inputValue()).toMatch(/^tok_/);
    await c.shot(page, 'cases-05-search-zh');

    // The same link in another session; then a filter that excludes the case.
    const again = await c.newPage();
    await c.open(again, url.pathname + url.search, 'b.investigator');
    await again.getByTestId(`case-row-${caseNumber}`).waitFor();
    expect(await again.getByTestId('filter-mine').isChecked()).toBe(true);
    await again.goto(`${c.node.baseUrl}/cases?subjectType=card&subjectKey=${url.searchParams.get('subjectKey')}&amountMax=100`);
    await again.getByTestId('case-table').getByText('No cases match these filters').waitFor();
    // A card number typed into the address bar is dropped, never sent.
    await again.goto(`${c.node.baseUrl}/cases?subjectType=card&subjectKey=${CARD}`);
    await again.getByTestId('case-filters').waitFor();
    expect(await again.getByTestId('filter-subject-key').inputValue()).toBe('');
    expect((page as E2ePage).errors).toEqual([]);
    expect((again as E2ePage).errors).toEqual([]);
  });

  it('merges two cases of one customer and keeps both histories', async () => {
    const subject = `cust-merge-${Math.random().toString(36).slice(2, 8)}`;
    const target = await newCase({ subjectKey: subject, title: 'Phishing calls', amount: 100, currency: 'CNY' });
    const other = await newCase({ subjectKey: subject, title: 'Account takeover', amount: 250, currency: 'CNY' });
    expect((await inv('POST', `/api/v1/cases/${target.id}/notes`, { body: 'First call logged' })).status).toBe(201);
    expect((await inv('POST', `/api/v1/cases/${other.id}/notes`, { body: 'Password reset from a new device' })).status).toBe(201);
    expect((await inv('POST', `/api/v1/cases/${other.id}/tasks`, { title: 'Freeze the account' })).status).toBe(201);

    const page = await c.newPage();
    await c.open(page, `/cases/${target.id}`, 'b.investigator');
    await page.getByTestId('tab-merge').click();
    await page.getByTestId('case-merge').waitFor();
    const row = page.getByTestId('merge-candidates').getByTestId(`case-row-${other.number}`);
    await row.waitFor();
    expect(await page.getByTestId('merge-candidates').getByTestId(`case-row-${target.number}`).count()).toBe(0);
    await row.locator('input[type=checkbox]').check();
    await page.getByTestId('merge-submit').click();
    await page.getByTestId('merge-confirm').click();
    await page.getByTestId('merge-done').waitFor();
    expect(await page.getByTestId('merge-done').textContent()).toContain(other.number);
    // The amounts add up (one currency), and the other case's work moved here.
    expect(await page.getByTestId('case-amount').textContent()).toContain('350');
    await tab(page, 'notes');
    await page.getByTestId('note').filter({ hasText: 'Password reset from a new device' }).waitFor();
    await tab(page, 'tasks');
    await page.getByTestId('task-Freeze the account').waitFor();
    await tab(page, 'timeline');
    await page.getByTestId('timeline-entry').and(page.locator('[data-kind="merged_in"]')).waitFor();
    // The other case's history, copied with where it happened.
    const origins = page.getByTestId('timeline-origin');
    expect(await origins.count()).toBeGreaterThanOrEqual(3);
    expect(await origins.first().textContent()).toContain(other.number);
    await c.shot(page, 'cases-06-merged-timeline');

    // The merged case keeps its own history, ends "merged" and points to the target.
    await page.goto(`${c.node.baseUrl}/cases/${other.id}`);
    await page.getByTestId('case-detail').waitFor();
    expect(await stateOf(page)).toBe('case-state-merged');
    expect(await page.getByTestId('case-merged-into').getAttribute('href')).toBe(`/cases/${target.id}`);
    await tab(page, 'timeline');
    const kinds = await page.getByTestId('timeline-entry').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
    expect(kinds).toEqual(expect.arrayContaining(['created', 'note_added', 'task_added', 'merged_out']));
    expect((page as E2ePage).errors).toEqual([]);
  });

  it('asks to reload when the case changed meanwhile (409 on the version read)', async () => {
    const k = await newCase({ subjectKey: `cust-race-${Math.random().toString(36).slice(2, 8)}`, title: 'Two hands on one case' });
    const first = await c.newPage();
    await c.open(first, `/cases/${k.id}`, 'b.investigator');
    await waitState(first, 'open');
    // Someone else starts it after the page was read.
    expect((await inv('POST', `/api/v1/cases/${k.id}/transitions`, { transition: 'start', version: k.version, note: 'from elsewhere' })).status).toBe(200);
    await first.getByTestId('transition-start').click();
    await first.getByTestId('dialog-transition-note').fill('me too');
    await first.getByTestId('dialog-transition-ok').click();
    await first.getByTestId('case-stale').waitFor();
    await c.shot(first, 'cases-07-changed-meanwhile');
    await first.keyboard.press('Escape');
    await first.getByTestId('case-reload').click();
    await waitState(first, 'investigating');
    await first.getByTestId('case-stale').waitFor({ state: 'detached' });
    expect((first as E2ePage).errors).toEqual([]);
  });

  it('imports cases from CSV and lists each refused row with its line and column', async () => {
    const page = await c.newPage();
    await c.open(page, '/cases', 'b.investigator');
    await page.getByTestId('cases-import').click();
    const csv = ['type,subjectType,subjectKey,title,amount', 'fraud_investigation,customer,cust-imp-1,Imported one,10', 'fraud_investigation,account,acc-imp-2,Imported two,', 'fraud_investigation,customer,cust-imp-3,Bad amount,12x'].join('\r\n');
    await page.locator('.ant-modal input[type=file]').setInputFiles({ name: 'cases.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByTestId('import-submit').click();
    await page.getByTestId('import-result').waitFor();
    expect(await page.getByTestId('import-imported').textContent()).toContain('2');
    expect(await page.getByTestId('import-rejected').textContent()).toContain('1');
    const errors = await page.getByTestId('import-errors').locator('tbody tr.ant-table-row').allTextContents();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^4amountInvalid amount/);
    await c.shot(page, 'cases-08-import');
    expect((page as E2ePage).errors).toEqual([]);
  });

  it('an org admin edits the case configuration: an inherited type read-only, a new type with its errors at their place, a case rule', async () => {
    const page = await c.newPage();
    await c.open(page, '/cases/admin', 'b.admin');
    await page.getByTestId('case-types').waitFor();
    await page.getByTestId('type-row-fraud_investigation').getByTestId('type-inherited').waitFor();
    expect(await page.getByTestId('type-edit-fraud_investigation').count()).toBe(0);
    await page.getByTestId('type-view-fraud_investigation').click();
    await page.getByTestId('type-editor').waitFor();
    await page.getByTestId('workflow-diagram').locator('.react-flow__node').first().waitFor();
    expect(await page.getByTestId('workflow-diagram').locator('.react-flow__node').count()).toBe(4);
    expect(await page.getByTestId('type-save').count()).toBe(0);
    await c.shot(page, 'cases-09-type-inherited');
    await page.keyboard.press('Escape');
    await page.getByTestId('type-editor').waitFor({ state: 'hidden' });

    // A new type whose initial state is closed: the server's complaint shows at the field.
    await page.getByTestId('type-create').click();
    await page.getByTestId('type-editor').waitFor();
    await page.getByTestId('type-key').fill('chargeback_review');
    await page.getByTestId('type-name-zh').fill('拒付核查');
    await page.getByTestId('type-name-en').fill('Chargeback review');
    await choose(page, '#caseType_initialState', 'closed');
    await page.getByTestId('type-save').click();
    await page.getByTestId('type-editor').getByTestId('error-details').waitFor();
    await page.locator('#caseType_initialState_help').filter({ hasText: 'BAD_INITIAL_STATE' }).waitFor();
    await c.shot(page, 'cases-10-type-errors');
    await choose(page, '#caseType_initialState', 'open');
    await page.getByTestId('type-save').click();
    await page.getByTestId('type-editor').waitFor({ state: 'hidden' });
    await page.getByTestId('type-row-chargeback_review').waitFor();
    expect(await page.getByTestId('type-row-chargeback_review').getByTestId('type-inherited').count()).toBe(0);

    // A case rule: confirmed fraud of at least 1,000 opens (or joins) a fraud investigation.
    await page.getByTestId('admin-tab-rules').click();
    await page.getByTestId('rule-create').click();
    await page.getByTestId('rule-editor').waitFor();
    await page.getByTestId('rule-name').fill('Big confirmed fraud');
    await numberInput(page, 'rule-min-amount').fill('1000');
    await page.getByTestId('rule-save').click();
    await page.getByTestId('rule-row-Big confirmed fraud').waitFor();
    expect(await page.getByTestId('rule-row-Big confirmed fraud').textContent()).toContain('Confirmed fraud');
    await c.shot(page, 'cases-11-rules');

    // Investigators do not reach the administration.
    const investigator = await c.newPage();
    await c.open(investigator, '/cases/admin', 'b.investigator');
    await investigator.getByText('Not allowed').waitFor();
    expect((page as E2ePage).errors).toEqual([]);
  });
});
