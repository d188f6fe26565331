import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { CaseDetail, CaseTransition, Permission } from '../src/api/types.ts';
import { I18nContext } from '../src/i18n/i18n-context.ts';
import { translate, type MessageKey, type MessageParams } from '../src/i18n/translate.ts';
import { CasePageContext } from '../src/modules/cases/hooks/case-page-context.ts';
import { mayWork } from '../src/modules/cases/model/case-workflow.ts';
import { ConclusionTab } from '../src/modules/cases/components/ConclusionTab.tsx';
import { TransitionBar } from '../src/modules/cases/components/TransitionBar.tsx';
import { SESSION_QUERY_KEY } from '../src/modules/session/session-query.ts';

// What the case page renders from the answer's `availableTransitions` and `review`, for each
// caller: rendered to HTML on the server (no browser needed), read by test id.

const name = (en: string) => ({ zh: en, en });
const t = (key: string, via: CaseTransition['via'], requires: CaseTransition['requires'] = null): CaseTransition => ({ key, name: name(`${key} label`), to: key, toName: name(key), toPhase: 'active', requires, via });

function detail(over: Partial<CaseDetail>): CaseDetail {
  return {
    id: 'c-1',
    number: 'CASE-2026-000001',
    orgId: 'bank_b',
    type: 'fraud_investigation',
    typeName: name('Fraud investigation'),
    title: 'Stolen card',
    state: 'open',
    stateName: name('Open'),
    phase: 'open',
    priority: 'high',
    subjectType: 'card',
    subjectKey: 'tok_x',
    subjectDisplay: '622202*********0123',
    amount: 5200,
    currency: 'CNY',
    typology: null,
    source: 'manual',
    openedBy: 'user:b.investigator',
    openedAt: '2026-05-01T00:00:00.000Z',
    dueAt: null,
    closedAt: null,
    mergedInto: null,
    outcome: null,
    investigators: ['b.investigator'],
    updatedAt: '2026-05-01T00:00:00.000Z',
    version: 1,
    conclusion: null,
    members: [],
    links: [],
    tasks: [],
    notes: [],
    evidence: [],
    attachments: [],
    availableTransitions: [],
    review: { pending: false, allowed: false, reason: null },
    ...over,
  };
}

function render(element: ReactElement, c: CaseDetail, permissions: Permission[]): string {
  const qc = new QueryClient();
  qc.setQueryData(SESSION_QUERY_KEY, { user: { id: 'u', username: 'someone', displayName: 'Someone', orgId: 'bank_b', roles: [] }, permissions });
  const i18n = { locale: 'en-US' as const, setLocale: () => undefined, t: (key: MessageKey, params?: MessageParams) => translate('en-US', key, params) };
  const page = { c, mayWork: mayWork(c, new Set(permissions)), markStale: () => undefined };
  return renderToStaticMarkup(createElement(QueryClientProvider, { client: qc }, createElement(I18nContext.Provider, { value: i18n }, createElement(CasePageContext.Provider, { value: page }, element))));
}

const testIds = (html: string) => [...html.matchAll(/data-testid="([^"]+)"/g)].map((m) => m[1]!);
const noop = () => undefined;
const INVESTIGATOR: Permission[] = ['case.read', 'case.investigate'];
const REVIEWER: Permission[] = ['case.read', 'case.review'];

const pendingConclusion = {
  outcome: 'fraud_confirmed' as const,
  lossAmount: 3200,
  typology: 'card_theft',
  summary: 'Confirmed',
  proposedBy: 'user:b.investigator',
  proposedAt: '2026-05-02T00:00:00.000Z',
  review: null,
};

describe('the workflow actions a case page shows', () => {
  it('offers an investigator exactly the plain transitions and the conclusion the server lists', () => {
    const html = render(createElement(TransitionBar, { onReviewed: noop }), detail({ availableTransitions: [t('start', 'transition')] }), INVESTIGATOR);
    expect(testIds(html).filter((id) => id.startsWith('transition-') || id.startsWith('review-'))).toEqual(['transition-start']);
    expect(html).toContain('start label');
    const active = render(createElement(TransitionBar, { onReviewed: noop }), detail({ state: 'investigating', phase: 'active', availableTransitions: [t('submit_for_review', 'conclusion', 'conclusion')] }), INVESTIGATOR);
    expect(testIds(active).filter((id) => id.startsWith('transition-') || id.startsWith('review-'))).toEqual(['transition-submit_for_review']);
  });

  it('says when there is nothing to do, and never offers review buttons the server did not list', () => {
    const html = render(createElement(TransitionBar, { onReviewed: noop }), detail({ state: 'pending_review', phase: 'review', conclusion: pendingConclusion, review: { pending: true, allowed: false, reason: 'PERMISSION_REQUIRED' } }), INVESTIGATOR);
    expect(testIds(html)).toContain('transitions-none');
    expect(testIds(html)).not.toContain('review-approve');
  });

  it('offers an independent reviewer approval and rejection', () => {
    const c = detail({ state: 'pending_review', phase: 'review', conclusion: pendingConclusion, review: { pending: true, allowed: true, reason: null }, availableTransitions: [t('approve', 'review', 'approval'), t('send_back', 'review', 'rejection')] });
    const bar = render(createElement(TransitionBar, { onReviewed: noop }), c, REVIEWER);
    expect(testIds(bar).filter((id) => id.startsWith('review-'))).toEqual(['review-approve', 'review-reject']);
    const tab = render(createElement(ConclusionTab, { onReviewed: noop }), c, REVIEWER);
    expect(testIds(tab)).toEqual(expect.arrayContaining(['case-review', 'review-panel-approve', 'review-panel-reject', 'case-outcome-fraud_confirmed']));
    expect(tab).toContain('3,200');
  });

  it('tells a reviewer who may not review why, and shows the review panel to reviewers only', () => {
    const blocked = detail({ state: 'pending_review', phase: 'review', conclusion: pendingConclusion, review: { pending: true, allowed: false, reason: 'REVIEWER_IS_INVESTIGATOR' } });
    const reviewer = render(createElement(ConclusionTab, { onReviewed: noop }), blocked, [...REVIEWER, 'case.investigate']);
    expect(testIds(reviewer)).toContain('review-blocked');
    expect(reviewer).toContain('You investigate (or investigated) this case');
    expect(testIds(reviewer)).not.toContain('review-panel-approve');
    const investigator = render(createElement(ConclusionTab, { onReviewed: noop }), blocked, INVESTIGATOR);
    expect(testIds(investigator)).not.toContain('case-review');
    expect(testIds(investigator)).toContain('case-conclusion');
  });
});
