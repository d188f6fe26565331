import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, alertWithDecision, as, raw, signIn, type Call, type Session } from './case-harness.ts';
import { BACKENDS, startNode, type TestNode } from './harness.ts';

/** A Luhn-valid card number, written the way people type them. */
const PAN = '4111 1111 1111 1111';
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj <<>> endobj\n'), Buffer.alloc(64, 0x20), Buffer.from('\n%%EOF\n')]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
/** The start of a Windows executable (MZ header, "This program cannot be run in DOS mode"). */
const EXE = Buffer.concat([Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0, 0, 0, 0x04, 0, 0, 0, 0xff, 0xff, 0, 0]), Buffer.from('This program cannot be run in DOS mode.\r\r\n$')]);

describe.each(BACKENDS)('the case center on %s', (backend) => {
  let node: TestNode;
  let investigator: Session;
  let inv: Call;
  let admin: Call;

  const newCase = async (over: Record<string, unknown> = {}, call: Call = inv) => {
    const r = await call('POST', '/api/v1/cases', { type: 'fraud_investigation', title: 'Card used abroad after theft', subjectType: 'customer', subjectKey: `cust-${Math.random().toString(36).slice(2, 8)}`, ...over });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body;
  };

  beforeAll(async () => {
    node = await startNode({ backend, env: { VIGIL_LOGIN_RATE_PER_SEC: '10000' } });
    investigator = await signIn(node, 'b.investigator');
    inv = as(node, investigator);
    admin = as(node, await signIn(node, 'admin'));
  }, 180_000);
  afterAll(() => node?.destroy());

  it('opens a case of a built-in type in its initial state, numbered per org, led by the investigator who opened it', async () => {
    const c = await newCase({ amount: 5200.5, currency: 'CNY', priority: 'high', dueAt: '2030-01-01T00:00:00.000Z' });
    expect(c).toMatchObject({ orgId: 'bank_b', type: 'fraud_investigation', typeName: { en: 'Fraud investigation' }, state: 'open', stateName: { en: 'Open' }, phase: 'open', priority: 'high', amount: 5200.5, currency: 'CNY', version: 1, source: 'manual', openedBy: 'user:b.investigator', investigators: ['b.investigator'] });
    expect(c.number).toMatch(/^CASE-\d{4}-\d{6}$/);
    expect(c.members).toEqual([expect.objectContaining({ username: 'b.investigator', lead: true })]);
    // The investigator can start it, not approve or dismiss it (those are the reviewer's).
    expect(c.availableTransitions.map((t: { key: string }) => t.key)).toEqual(['start']);
    const next = await newCase();
    expect(Number(next.number.slice(-6))).toBe(Number(c.number.slice(-6)) + 1);
    const timeline = await inv('GET', `/api/v1/cases/${c.id}/timeline`);
    expect(timeline.body.items.map((e: { kind: string }) => e.kind)).toEqual(['created', 'member_added']);
    // Paged one entry at a time, the timeline is the same.
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: Array<{ id: string }>; nextCursor: string | null } } = await inv('GET', `/api/v1/cases/${c.id}/timeline?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      paged.push(...page.body.items.map((e) => e.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(paged).toEqual(timeline.body.items.map((e: { id: string }) => e.id));
  });

  it('keeps a card subject as its token and shows it masked; a card number in any free text is refused', async () => {
    const c = await newCase({ subjectType: 'card', subjectKey: '6222021234567890123', title: 'Skimmed card' });
    expect(c.subjectKey).toBe(node.vigil.services.tokenizer.tokenize('6222021234567890123'));
    expect(c.subjectDisplay).toBe('622202*********0123');
    const stored = await node.vigil.database.db.selectFrom('cases').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain('6222021234567890123');
    const refused = [
      { type: 'fraud_investigation', title: `stolen ${PAN}`, subjectType: 'customer', subjectKey: 'c-1' },
      { type: 'fraud_investigation', title: 'ok', subjectType: 'customer', subjectKey: 'c-1', subjectDisplay: `holder of ${PAN}` },
      { type: 'fraud_investigation', title: 'ok', subjectType: 'account', subjectKey: PAN.replace(/ /g, '') },
    ];
    for (const body of refused) {
      const r = await inv('POST', '/api/v1/cases', body);
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(r.body.error.code).toBe('SENSITIVE_DATA_REFUSED');
    }
    const note = await inv('POST', `/api/v1/cases/${c.id}/notes`, { body: `called the bank about 4111-1111-1111-1111` });
    expect(note.body.error).toMatchObject({ code: 'SENSITIVE_DATA_REFUSED', path: 'body' });
    const task = await inv('POST', `/api/v1/cases/${c.id}/tasks`, { title: `block ${PAN}` });
    expect(task.body.error.code).toBe('SENSITIVE_DATA_REFUSED');
    const evidence = await inv('POST', `/api/v1/cases/${c.id}/evidence`, { kind: 'statement', description: `statement of ${PAN}` });
    expect(evidence.body.error.code).toBe('SENSITIVE_DATA_REFUSED');
    // A number that fails the Luhn check (a reference, a phone) is fine.
    expect((await inv('POST', `/api/v1/cases/${c.id}/notes`, { body: 'ticket 4111 1111 1111 1112 opened' })).status).toBe(201);
    // And a card is searched by its token, never by its number in a URL.
    expect((await inv('GET', `/api/v1/cases?subjectKey=6222021234567890123`)).status).toBe(400);
    const found = await inv('GET', `/api/v1/cases?subjectType=card&subjectKey=${c.subjectKey}`);
    expect(found.body.items.map((x: { id: string }) => x.id)).toEqual([c.id]);
  });

  it('opens a case from alerts, linking each alert and its decisions', async () => {
    const a1 = await alertWithDecision(node, { org: 'bank_b' });
    const a2 = await alertWithDecision(node, { org: 'bank_b_nb' });
    const c = await newCase({ subjectType: 'card', subjectKey: a1.token, subjectDisplay: a1.display, fromAlerts: [a1.alertId, a2.alertId] });
    const alerts = c.links.filter((l: { kind: string }) => l.kind === 'alert').map((l: { alertId: string }) => l.alertId);
    const decisions = c.links.filter((l: { kind: string }) => l.kind === 'decision');
    expect(alerts.sort()).toEqual([a1.alertId, a2.alertId].sort());
    expect(decisions.map((d: { decisionId: string }) => d.decisionId).sort()).toEqual([a1.decisionId, a2.decisionId].sort());
    expect(decisions.find((d: { decisionId: string }) => d.decisionId === a2.decisionId)).toMatchObject({ eventType: 'card_auth', eventId: a2.eventId, eventOrgId: 'bank_b_nb' });
    // Linking the same again adds nothing; another bank's alert is not found.
    const again = await inv('POST', `/api/v1/cases/${c.id}/links`, { alerts: [a1.alertId] });
    expect(again.body.added).toEqual([]);
    const other = await alertWithDecision(node, { org: 'bank_a' });
    const foreign = await inv('POST', `/api/v1/cases/${c.id}/links`, { alerts: [other.alertId] });
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.path).toBe('alerts[0]');
    // A decision by its event, and a related entity (a card number given becomes a token).
    const more = await inv('POST', `/api/v1/cases/${c.id}/links`, { entities: [{ type: 'device', key: 'dev-77', display: 'Huawei P60' }, { type: 'card', key: '6222021234567890131' }] });
    expect(more.status, JSON.stringify(more.body)).toBe(201);
    expect(more.body.added.map((l: { entityKey: string }) => l.entityKey)).toEqual(['dev-77', node.vigil.services.tokenizer.tokenize('6222021234567890131')]);
  });

  it('refuses a stale write with 409 and takes a current one (optimistic concurrency)', async () => {
    const c = await newCase();
    const first = await inv('PATCH', `/api/v1/cases/${c.id}`, { version: c.version, title: 'Renamed once', priority: 'critical' });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ title: 'Renamed once', priority: 'critical', version: c.version + 1 });
    const stale = await inv('PATCH', `/api/v1/cases/${c.id}`, { version: c.version, title: 'Renamed by someone who did not reload' });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'CONFLICT', path: 'version' });
    const staleMove = await inv('POST', `/api/v1/cases/${c.id}/transitions`, { transition: 'start', version: c.version });
    expect(staleMove.status).toBe(409);
    expect((await inv('GET', `/api/v1/cases/${c.id}`)).body).toMatchObject({ title: 'Renamed once', state: 'open', version: c.version + 1 });
    // Two writers from the same read: exactly one wins.
    const racing = await Promise.all([inv('PATCH', `/api/v1/cases/${c.id}`, { version: c.version + 1, title: 'A' }), inv('PATCH', `/api/v1/cases/${c.id}`, { version: c.version + 1, title: 'B' })]);
    expect(racing.map((r) => r.status).sort()).toEqual([200, 409]);
    // null clears a field (it is not read as 0 or an empty string).
    const current = (await inv('GET', `/api/v1/cases/${c.id}`)).body;
    const cleared = await inv('PATCH', `/api/v1/cases/${c.id}`, { version: current.version, amount: null, dueAt: null, typology: null });
    expect(cleared.body).toMatchObject({ amount: null, dueAt: null, typology: null });
  });

  it('searches by subject, type, state and phase, org with branches, investigator, dates, amounts and text, cursor-paged', async () => {
    const tag = `srch${Date.now().toString(36)}`;
    const helper = await addUser(node, `b.helper.${tag}`, 'bank_b_nb', ['investigator']);
    const big = await newCase({ title: `${tag} large loss`, amount: 90_000, currency: 'CNY', subjectKey: `${tag}-1` });
    const small = await newCase({ title: `${tag} small loss`, amount: 120, subjectType: 'account', subjectKey: `${tag}-acct`, type: 'aml_referral' });
    const branch = await newCase({ title: `${tag} at the branch`, orgId: 'bank_b_nb', subjectKey: `${tag}-2`, investigators: [helper.username] });
    const started = await inv('POST', `/api/v1/cases/${big.id}/transitions`, { transition: 'start', version: big.version });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    const ids = async (query: string, call = inv) => {
      const r = await call('GET', `/api/v1/cases?q=${tag}&${query}`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body.items.map((x: { id: string }) => x.id);
    };
    expect(await ids('')).toEqual([branch.id, small.id, big.id]);
    expect(await ids('type=aml_referral')).toEqual([small.id]);
    expect(await ids('subjectType=account')).toEqual([small.id]);
    expect(await ids(`subjectType=customer&subjectKey=${tag}-2`)).toEqual([branch.id]);
    expect(await ids('state=investigating')).toEqual([big.id]);
    expect(await ids('phase=open')).toEqual([branch.id, small.id]);
    expect(await ids('phase=open&phase=active')).toEqual([branch.id, small.id, big.id]);
    expect(await ids('org=bank_b_nb')).toEqual([branch.id]);
    expect(await ids('org=bank_b')).toEqual([branch.id, small.id, big.id]);
    expect(await ids(`investigator=${helper.username}`)).toEqual([branch.id]);
    expect(await ids('amountMin=1000')).toEqual([big.id]);
    expect(await ids('amountMax=1000')).toEqual([small.id]);
    expect(await ids(`openedFrom=${encodeURIComponent(big.openedAt)}&openedTo=${encodeURIComponent(branch.openedAt)}`)).toEqual([small.id, big.id]);
    expect(await ids('priority=critical')).toEqual([]);
    // Text matches titles (LIKE wildcards are literal), numbers and exact subject keys.
    // (numbers are per org: the branch may have a case of the same number)
    const byNumber = (await inv('GET', `/api/v1/cases?q=${big.number.toLowerCase()}`)).body.items;
    expect(byNumber.map((x: { id: string }) => x.id)).toContain(big.id);
    expect(new Set(byNumber.map((x: { number: string; orgId: string }) => `${x.number} ${x.orgId}`)).size).toBe(byNumber.length);
    expect((await inv('GET', `/api/v1/cases?q=${tag}-acct`)).body.items.map((x: { id: string }) => x.id)).toEqual([small.id]);
    expect((await inv('GET', `/api/v1/cases?q=${encodeURIComponent('%_')}`)).body.items).toEqual([]);
    // Cursor paging walks the same three cases, one a page.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: Array<{ id: string }>; nextCursor: string | null } } = await inv('GET', `/api/v1/cases?q=${tag}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.body.items.map((x) => x.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([branch.id, small.id, big.id]);
    expect((await inv('GET', '/api/v1/cases?cursor=not-a-cursor')).status).toBe(400);
    // The branch's own investigator sees the branch's case only; bank A sees none of them.
    expect(await ids('', as(node, helper))).toEqual([branch.id]);
    const aAdmin = as(node, await signIn(node, 'a.admin'));
    expect(await ids('', aAdmin)).toEqual([]);
    expect((await aAdmin('GET', '/api/v1/cases?org=bank_b')).status).toBe(404);
    // The union sees all of them.
    expect(await ids('', admin)).toEqual([branch.id, small.id, big.id]);
  });

  it('imports cases from CSV: valid rows opened, each bad row reported with its line and column', async () => {
    const tag = `imp${Date.now().toString(36)}`;
    const csv = [
      'type,subjectType,subject_key,subjectDisplay,title,amount,currency,priority,typology,dueAt,orgId',
      `fraud_investigation,customer,${tag}-1,Zhang San,"Mule account, first wave",1200.50,CNY,high,money_mule,2030-06-30,`,
      `fraud_investigation,card,6222021234567890123,,Skimmed card,,,,,,bank_b_nb`,
      `fraud_investigation,customer,${tag}-3,,Bad amount,12x,,,,,`,
      `fraud_investigation,customer,${tag}-4,,"stolen card ${PAN}",,,,,,`,
      `no_such_type,customer,${tag}-5,,Unknown type,,,,,,`,
      `merchant_review,customer,${tag}-6,,Merchant type for a customer,,,,,,`,
      `fraud_investigation,customer,${tag}-7,,Another bank,,,,,,bank_a`,
      `fraud_investigation,planet,${tag}-8,,,,,urgent,,not-a-date,`,
      `"fraud_investigation,customer,${tag}-9,,broken quote`,
    ].join('\n');
    const r = await raw(node, investigator, 'POST', '/api/v1/cases/import', csv, { 'content-type': 'text/csv' });
    expect(r.status, r.text).toBe(200);
    expect(r.body.imported).toBe(2);
    expect(r.body.cases.map((c: { line: number }) => c.line)).toEqual([2, 3]);
    const errs = r.body.errors.map((e: { line: number; column?: string; code: string }) => [e.line, e.column ?? null, e.code]);
    expect(errs).toEqual([
      [4, 'amount', 'INVALID_AMOUNT'],
      [5, 'title', 'CARD_NUMBER_REFUSED'],
      [6, 'type', 'UNKNOWN_TYPE'],
      [7, 'subjectType', 'SUBJECT_NOT_ALLOWED'],
      [8, 'orgId', 'NOT_FOUND'],
      [9, 'title', 'MISSING_VALUE'],
      [9, 'subjectType', 'INVALID_VALUE'],
      [9, 'priority', 'INVALID_VALUE'],
      [9, 'dueAt', 'BAD_DATE'],
      [10, null, 'BAD_QUOTE'],
    ]);
    expect(r.body.rejected).toBe(errs.length);
    const first = (await inv('GET', `/api/v1/cases/${r.body.cases[0].id}`)).body;
    expect(first).toMatchObject({ title: 'Mule account, first wave', amount: 1200.5, currency: 'CNY', priority: 'high', typology: 'money_mule', source: 'import', subjectDisplay: 'Zhang San', dueAt: '2030-06-30T00:00:00.000Z' });
    const second = (await inv('GET', `/api/v1/cases/${r.body.cases[1].id}`)).body;
    expect(second).toMatchObject({ orgId: 'bank_b_nb', subjectKey: node.vigil.services.tokenizer.tokenize('6222021234567890123'), subjectDisplay: '622202*********0123' });
    // The file as a whole: an unknown or missing column refuses it, nothing imported.
    const badHeader = await raw(node, investigator, 'POST', '/api/v1/cases/import', 'type,subjectType,subjectKee,title\nfraud_investigation,customer,c,t\n', { 'content-type': 'text/csv' });
    expect(badHeader.status).toBe(400);
    expect(badHeader.body.error.details.map((d: { code: string; path: string }) => [d.code, d.path])).toEqual([
      ['UNKNOWN_COLUMN', 'subjectKee'],
      ['MISSING_COLUMN', 'subjectKey'],
    ]);
    const tooMany = ['type,subjectType,subjectKey,title', ...Array.from({ length: 5001 }, (_, i) => `fraud_investigation,customer,x${i},t`)].join('\n');
    expect((await raw(node, investigator, 'POST', '/api/v1/cases/import', tooMany, { 'content-type': 'text/csv' })).status).toBe(413);
    const tooBig = `type,subjectType,subjectKey,title\n${'x'.repeat(2 * 1024 * 1024)}`;
    expect((await raw(node, investigator, 'POST', '/api/v1/cases/import', tooBig, { 'content-type': 'text/csv' })).status).toBe(413);
    expect((await inv('POST', '/api/v1/cases/import', { rows: [] })).status).toBe(415);
  });

  it('takes attachments checked by their content, at most 5 MiB each, and serves them only as downloads', async () => {
    const c = await newCase();
    const url = `/api/v1/cases/${c.id}/attachments`;
    const up = (bytes: Buffer, name: string, type = 'application/octet-stream') => raw(node, investigator, 'POST', url, bytes, { 'content-type': type, 'x-file-name': encodeURIComponent(name) });
    const pdf = await up(PDF, '../../报案材料 <v2>.pdf', 'application/pdf');
    expect(pdf.status, pdf.text).toBe(201);
    expect(pdf.body).toMatchObject({ fileName: '报案材料 _v2_.pdf', mediaType: 'application/pdf', size: PDF.length });
    expect((await up(PNG, 'screen.png', 'image/png')).body).toMatchObject({ mediaType: 'image/png' });
    expect((await up(Buffer.from('date,amount\n2026-01-02,10\n'), 'statement.csv', 'text/csv')).body).toMatchObject({ mediaType: 'text/csv' });
    // An executable named .pdf, a PNG declared as a PDF, an unknown extension, a text with a card number.
    const exe = await up(EXE, 'invoice.pdf', 'application/pdf');
    expect(exe.status).toBe(415);
    expect(exe.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect((await up(PNG, 'screen.pdf', 'application/pdf')).status).toBe(415);
    expect((await up(PNG, 'screen.png', 'application/pdf')).status).toBe(415);
    expect((await up(EXE, 'setup.exe')).status).toBe(415);
    expect((await up(Buffer.from(`card ${PAN}\n`), 'notes.txt', 'text/plain')).body.error.code).toBe('SENSITIVE_DATA_REFUSED');
    expect((await up(Buffer.alloc(0), 'empty.txt')).status).toBe(400);
    const big = Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024)]);
    const tooBig = await up(big, 'big.pdf', 'application/pdf');
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error.code).toBe('PAYLOAD_TOO_LARGE');

    const down = await raw(node, investigator, 'GET', `${url}/${pdf.body.id}`);
    expect(down.status).toBe(200);
    expect(down.bytes.equals(PDF)).toBe(true);
    expect(down.headers['content-type']).toBe('application/pdf');
    expect(down.headers['x-content-type-options']).toBe('nosniff');
    expect(down.headers['content-disposition']).toBe(`attachment; filename="____ _v2_.pdf"; filename*=UTF-8''${encodeURIComponent('报案材料 _v2_.pdf')}`);
    // The reviewer reads it too; bank A does not find it.
    expect((await raw(node, await signIn(node, 'b.reviewer'), 'GET', `${url}/${pdf.body.id}`)).status).toBe(200);
    expect((await raw(node, await signIn(node, 'a.admin'), 'GET', `${url}/${pdf.body.id}`)).status).toBe(404);
    const detail = (await inv('GET', `/api/v1/cases/${c.id}`)).body;
    expect(detail.attachments.map((a: { fileName: string }) => a.fileName)).toEqual(['报案材料 _v2_.pdf', 'screen.png', 'statement.csv']);
    expect(detail.attachments[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    // Evidence refers to an attachment of this case only.
    const ev = await inv('POST', `/api/v1/cases/${c.id}/evidence`, { kind: 'document', description: 'police report', attachmentId: pdf.body.id });
    expect(ev.status, JSON.stringify(ev.body)).toBe(201);
    const other = await newCase();
    expect((await inv('POST', `/api/v1/cases/${other.id}/evidence`, { kind: 'document', description: 'x', attachmentId: pdf.body.id })).status).toBe(404);
  });

  it('refuses the 51st attachment of a case', async () => {
    const c = await newCase();
    await node.vigil.database.db
      .insertInto('case_attachments')
      .values(Array.from({ length: 50 }, (_, i) => ({ id: `${c.id}-f${i}`, case_id: c.id, org_id: 'bank_b', file_name: `f${i}.txt`, media_type: 'text/plain', size: 1, sha256: 'x', content: Buffer.from('x'), uploaded_by: 'test' })))
      .execute();
    const r = await raw(node, investigator, 'POST', `/api/v1/cases/${c.id}/attachments`, Buffer.from('one more'), { 'content-type': 'text/plain', 'x-file-name': 'more.txt' });
    expect(r.status).toBe(409);
    expect(r.body.error.message).toContain('50 attachments');
  });

  it('exports a self-contained HTML report with every text escaped', async () => {
    const hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>';
    const c = await newCase({ title: `Report ${hostile}`, subjectDisplay: `"><svg onload=alert(2)>` });
    expect((await inv('POST', `/api/v1/cases/${c.id}/notes`, { body: `note ${hostile} & more` })).status).toBe(201);
    expect((await inv('POST', `/api/v1/cases/${c.id}/tasks`, { title: `task </td><script>x()</script>` })).status).toBe(201);
    expect((await inv('POST', `/api/v1/cases/${c.id}/evidence`, { kind: 'other', description: `evidence ' onmouseover='alert(3)` })).status).toBe(201);
    const r = await raw(node, investigator, 'GET', `/api/v1/cases/${c.id}/report`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.headers['content-disposition']).toBe(`attachment; filename="${c.number}.html"`);
    expect(r.headers['content-security-policy']).toContain("default-src 'none'");
    const html = r.text;
    expect(html).toMatch(/^<!DOCTYPE html>/);
    // Only the report's own markup: no tag or attribute from the case's texts survives.
    const tags = new Set([...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => m[1]!.toLowerCase()));
    expect([...tags].filter((t) => !['html', 'head', 'meta', 'title', 'style', 'body', 'header', 'h1', 'h2', 'div', 'p', 'dl', 'dt', 'dd', 'ul', 'li', 'table', 'tr', 'th', 'td', 'span', 'br'].includes(t))).toEqual([]);
    expect(html).not.toMatch(/<[^>]*\son\w+=/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;svg onload=alert(2)&gt;');
    expect(html).toContain('evidence &#39; onmouseover=&#39;alert(3)');
    expect(html).toContain(c.number);
    for (const section of ['Conclusion', 'Investigators', 'Evidence', 'Tasks', 'Timeline']) expect(html).toContain(`<h2>${section}</h2>`);
    // No external resource: nothing to fetch when the file is opened offline.
    expect(html).not.toMatch(/<[^>]*\b(src|href)=/i);
    const zh = await raw(node, investigator, 'GET', `/api/v1/cases/${c.id}/report?lang=zh`);
    expect(zh.text).toContain('<h2>时间线</h2>');
    const audit = await admin('GET', `/api/v1/audit?targetType=case&targetId=${c.id}`);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toContain('case.report');
  });
});
