import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import { I18nContext } from '../src/i18n/i18n-context.ts';
import type { Locale } from '../src/i18n/locale.ts';
import { translate, type MessageKey, type MessageParams } from '../src/i18n/translate.ts';
import { BinningTable } from '../src/modules/models/components/BinningView.tsx';
import { BreaksEditor } from '../src/modules/models/components/BreaksEditor.tsx';
import { GroupsEditor } from '../src/modules/models/components/GroupsEditor.tsx';
import { ModelTimeline } from '../src/modules/models/components/ModelTimeline.tsx';
import { ScorecardView } from '../src/modules/models/components/ScorecardView.tsx';
import { VariablesTable } from '../src/modules/models/components/VariablesTable.tsx';
import { VersionsTab } from '../src/modules/models/components/VersionsTab.tsx';
import { SESSION_QUERY_KEY } from '../src/modules/session/session-query.ts';
import { ARTEFACT, CHECKING, DURATION, modelDetail, versionSummary } from './models-fixtures.ts';

// What the model pages render from the API's documents, for each caller: rendered to HTML on the
// server (no browser needed), read by test id and text.

function render(element: ReactElement, { permissions = ['model.read'], username = 'someone', locale = 'en-US' as Locale } = {}): string {
  const qc = new QueryClient();
  qc.setQueryData(SESSION_QUERY_KEY, { user: { id: 'u', username, displayName: username, orgId: 'bank_a', roles: [] }, permissions });
  const i18n = { locale, setLocale: () => undefined, t: (key: MessageKey, params?: MessageParams) => translate(locale, key, params) };
  return renderToStaticMarkup(createElement(MemoryRouter, null, createElement(QueryClientProvider, { client: qc }, createElement(I18nContext.Provider, { value: i18n }, element))));
}

const testIds = (html: string) => [...html.matchAll(/data-testid="([^"]+)"/g)].map((m) => m[1]!);
/** The attributes of the element carrying a test id (to read `disabled`). */
const tagOf = (html: string, testId: string) => html.match(new RegExp(`<[^>]*data-testid="${testId}"[^>]*>`))?.[0] ?? '';
const noop = () => undefined;

describe('a fitted scorecard', () => {
  it('shows the metrics of both samples, the scaling and the scorecard table with its base points', () => {
    const html = render(createElement(ScorecardView, { artefact: ARTEFACT }));
    expect(testIds(html)).toEqual(expect.arrayContaining(['scorecard-view', 'metrics-cards', 'metrics-train', 'metrics-test', 'scorecard-summary', 'scorecard-table', 'scorecard-base']));
    expect(html).toContain('Base points: 512.3');
    expect(html).toContain('600 points at odds 50:1, 20 points to double the odds');
    expect(html).toContain('creditability = bad');
    expect(html).toContain('1,000 (700 training, 300 test)');
    for (const label of ['A14', 'A11, A12', '[12, 24)', '[24, +inf)']) expect(html).toContain(label);
    // One cell per variable, spanning its bins.
    expect(html.match(/rowSpan="3"/g)).toHaveLength(2);
  });

  it('is told in Chinese too', () => {
    const html = render(createElement(ScorecardView, { artefact: ARTEFACT }), { locale: 'zh-CN' });
    expect(html).toContain('基础分：512.3');
    expect(html).toContain('训练样本');
  });

  it('says why each variable was dropped, the selected ones first', () => {
    const html = render(createElement(VariablesTable, { variables: ARTEFACT.variables }));
    expect(html).toContain('Correlated with duration_in_month, which has a higher IV');
    expect(html).toContain('IV below the threshold');
    const rows = testIds(html).filter((id) => id.startsWith('variable-row-'));
    expect(rows).toEqual(['variable-row-status_of_existing_checking_account', 'variable-row-duration_in_month', 'variable-row-credit_amount', 'variable-row-telephone']);
  });

  it('lists a variable’s bins with counts, shares, event rates, WOE and the total IV', () => {
    const html = render(createElement(BinningTable, { binning: DURATION }));
    expect(testIds(html).filter((id) => id.startsWith('bin-row-'))).toEqual(['bin-row-0', 'bin-row-1', 'bin-row-2']);
    expect(html).toContain('IV 0.2000');
    expect(html).toContain('50%');
    expect(html).toContain('43.33%');
    expect(html).toContain('-0.5800');
    expect(html).toContain('Optimal binning');
  });
});

describe('editing a binning by hand', () => {
  it('shows one field per cut point, the bins they make, and no recompute before a change', () => {
    const html = render(createElement(BreaksEditor, { current: [12, 24], range: { min: 4, max: 72 }, manual: false, pending: false, onApply: noop, onReset: noop }));
    expect(testIds(html)).toEqual(expect.arrayContaining(['break-input-0', 'break-input-1', 'break-remove-0', 'break-add', 'breaks-preview', 'breaks-recompute']));
    expect(testIds(html)).not.toContain('break-input-2');
    expect(testIds(html)).not.toContain('breaks-automatic');
    expect(html).toContain('[-inf, 12)  [12, 24)  [24, +inf)');
    expect(tagOf(html, 'breaks-recompute')).toContain('disabled');
  });

  it('offers the optimal binning back once the binning is manual', () => {
    const html = render(createElement(BreaksEditor, { current: [10], manual: true, pending: false, onApply: noop, onReset: noop }));
    expect(testIds(html)).toContain('breaks-automatic');
  });

  it('shows a categorical variable’s groups with a group picker per category', () => {
    const html = render(createElement(GroupsEditor, { current: [['A14'], ['A11', 'A12'], ['A13']], manual: false, pending: false, onApply: noop, onReset: noop }));
    expect(testIds(html)).toEqual(expect.arrayContaining(['group-0', 'group-1', 'group-2', 'group-of-A11', 'group-of-A14', 'groups-recompute']));
    expect(html).toContain('2: A11, A12');
    expect(CHECKING.bins).toHaveLength(3);
  });
});

describe('the versions of a model', () => {
  const model = modelDetail({
    championVersion: 2,
    versions: [versionSummary({ version: 1, status: 'development', createdBy: 'a.modeller' }), versionSummary({ version: 2, status: 'production', createdBy: 'a.modeller' })],
  });

  it('lets the author register versions and retire them, but not validate her own', () => {
    const html = render(createElement(VersionsTab, { model }), { permissions: ['model.read', 'model.edit'], username: 'a.modeller' });
    const ids = testIds(html);
    expect(ids).toEqual(expect.arrayContaining(['register-version', 'version-link-1', 'version-link-2', 'champion-2', 'status-1-validated', 'status-1-retired', 'status-2-retired']));
    expect(ids).not.toContain('set-champion');
    expect(tagOf(html, 'status-1-validated')).toContain('disabled');
    expect(tagOf(html, 'status-1-retired')).not.toContain('disabled');
    // Newest first, with both samples' metrics.
    expect(ids.filter((id) => id.startsWith('version-row-'))).toEqual(['version-row-2', 'version-row-1']);
    expect(html).toContain('0.780');
    expect(html).toContain('0.750');
  });

  it('lets an independent approver validate, promote and choose the champion, and nothing more', () => {
    const html = render(createElement(VersionsTab, { model }), { permissions: ['model.read', 'model.approve'], username: 'a.validator' });
    const ids = testIds(html);
    expect(ids).toContain('set-champion');
    expect(ids).not.toContain('register-version');
    expect(tagOf(html, 'status-1-validated')).not.toContain('disabled');
    expect(tagOf(html, 'status-2-retired')).toContain('disabled');
  });
});

describe('a model’s history', () => {
  it('lists events newest first with their version and note', () => {
    const html = render(
      createElement(ModelTimeline, {
        events: [
          { id: 'e1', version: null, action: 'created', actor: 'a.modeller', at: '2026-05-01T00:00:00.000Z', note: '', details: {} },
          { id: 'e2', version: 1, action: 'status_changed', actor: 'a.validator', at: '2026-05-02T00:00:00.000Z', note: 'Reviewed', details: { to: 'validated' } },
          { id: 'e3', version: null, action: 'something_new', actor: 'system', at: '2026-05-03T00:00:00.000Z', note: '', details: null },
        ],
      }),
    );
    expect([...html.matchAll(/data-action="([^"]+)"/g)].map((m) => m[1])).toEqual(['something_new', 'status_changed', 'created']);
    expect(html).toContain('Status changed');
    expect(html).toContain('v1');
    expect(html).toContain('Reviewed');
    expect(html).toContain('to: validated');
  });
});
