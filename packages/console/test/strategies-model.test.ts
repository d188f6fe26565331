import { describe, expect, it } from 'vitest';
import type { Permission, StrategyPackageDiff } from '../src/api/types.ts';
import { backtestListActive, compareIds, uploadContentType } from '../src/modules/strategies/utils/backtests.ts';
import { matrixRows, outcomeKeys, ruleHitsOption, shares } from '../src/modules/strategies/utils/charts.ts';
import { diffRows, itemId, sectionCount, valueText } from '../src/modules/strategies/utils/diff-sections.ts';
import { actorLabel, availableActions, documentKind, failedCasesOf, validCanaryPercent, type ActionContext } from '../src/modules/strategies/utils/lifecycle.ts';

const ANALYST: Permission[] = ['strategy.read', 'strategy.edit', 'backtest.run'];
const APPROVER: Permission[] = ['strategy.read', 'strategy.approve', 'strategy.deploy', 'backtest.run'];
const ctx = (perms: Permission[], actor: string, union = false, hasLive = true): ActionContext => ({ permissions: new Set(perms), actor, union, hasLive });
const actions = (v: { status: string; createdBy: string; submittedBy?: string | null }, c: ActionContext) => [...availableActions({ submittedBy: null, ...v }, c)].sort();

describe('the lifecycle steps a user is offered', () => {
  it('lets only the author of a draft save and submit it', () => {
    expect(actions({ status: 'draft', createdBy: 'user:a.analyst' }, ctx(ANALYST, 'user:a.analyst'))).toEqual(['newDraft', 'save', 'submit', 'test']);
    expect(actions({ status: 'draft', createdBy: 'user:other' }, ctx(ANALYST, 'user:a.analyst'))).toEqual(['newDraft', 'test']);
    expect(actions({ status: 'submitted', createdBy: 'user:a.analyst' }, ctx(ANALYST, 'user:a.analyst'))).toEqual(['newDraft', 'test']);
  });

  it('never offers a review to the author or the submitter (maker-checker)', () => {
    expect(actions({ status: 'submitted', createdBy: 'user:a.analyst', submittedBy: 'user:a.analyst' }, ctx(APPROVER, 'user:a.approver'))).toEqual(['approve', 'reject', 'test']);
    expect(actions({ status: 'submitted', createdBy: 'user:a.approver' }, ctx([...APPROVER, 'strategy.edit'], 'user:a.approver'))).not.toContain('approve');
    expect(actions({ status: 'submitted', createdBy: 'user:x', submittedBy: 'user:a.approver' }, ctx(APPROVER, 'user:a.approver'))).not.toContain('approve');
  });

  it('offers deployments for every bank to the union, a canary to a bank, and nothing beside no champion', () => {
    expect(actions({ status: 'approved', createdBy: 'user:x' }, ctx(APPROVER, 'user:admin', true))).toEqual(['deployCanary', 'deployLive', 'deployShadow', 'test']);
    expect(actions({ status: 'approved', createdBy: 'user:x' }, ctx(APPROVER, 'user:a.approver', false))).toEqual(['deployCanary', 'test']);
    expect(actions({ status: 'approved', createdBy: 'user:x' }, ctx(APPROVER, 'user:admin', true, false))).toEqual(['deployLive', 'test']);
    expect(actions({ status: 'shadow', createdBy: 'user:x' }, ctx(APPROVER, 'user:a.approver', false))).toEqual(['test']);
    expect(actions({ status: 'shadow', createdBy: 'user:x' }, ctx(APPROVER, 'user:admin', true))).toEqual(['deployCanary', 'deployLive', 'test', 'withdraw']);
    expect(actions({ status: 'canary', createdBy: 'user:x' }, ctx(APPROVER, 'user:a.approver', false))).toContain('withdraw');
    expect(actions({ status: 'live', createdBy: 'user:x' }, ctx(APPROVER, 'user:admin', true))).toEqual(['test']);
    expect(actions({ status: 'rejected', createdBy: 'user:x' }, ctx(APPROVER, 'user:admin', true))).toEqual(['test']);
  });

  it('shows actors by name', () => {
    expect(actorLabel('user:a.analyst')).toBe('a.analyst');
    expect(actorLabel('api_key:ci#1234abcd')).toBe('ci#1234abcd');
    expect(actorLabel('system')).toBe('system');
    expect(actorLabel(null)).toBe('');
  });
});

describe('reading what the user gives and what the server refuses', () => {
  it('tells a JSON package document from YAML', () => {
    expect(documentKind('{"id": "x"}')).toBe('json');
    expect(documentKind('  {\n "id": 1 }\n')).toBe('json');
    expect(documentKind('id: x\nrules: []')).toBe('yaml');
    expect(documentKind('{ id: x }')).toBe('yaml'); // YAML flow mapping, not JSON
    expect(documentKind('[1, 2]')).toBe('yaml');
  });

  it('finds the failing test cases of a refused submission by index, ignoring other details', () => {
    expect(
      failedCasesOf([
        { path: 'package.testCases[2]', code: 'TEST_CASE_FAILED', message: 'busy: expected reject, got pass' },
        { path: 'package.testCases[0]', code: 'TEST_CASE_FAILED', message: 'a' },
        { path: 'package.rules[0].condition', code: 'CEL_TYPE', message: 'no' },
        { path: 'package.testCases[1].data.card', code: 'CARD_NUMBER_REFUSED', message: 'no' },
      ]),
    ).toEqual([
      { index: 2, message: 'busy: expected reject, got pass' },
      { index: 0, message: 'a' },
    ]);
    expect(failedCasesOf(undefined)).toEqual([]);
  });

  it('accepts a canary share the server accepts: 0.01–100 in 0.01 steps', () => {
    for (const ok of [0.01, 5, 12.5, 99.99, 100]) expect(validCanaryPercent(ok), String(ok)).toBe(true);
    for (const bad of [0, -1, 100.01, 0.005, 1.234, Number.NaN, null, undefined]) expect(validCanaryPercent(bad), String(bad)).toBe(false);
  });

  it('reads uploads and comparison ids', () => {
    expect(uploadContentType('events.csv', '{"x":1}')).toBe('text/csv');
    expect(uploadContentType('events.ndjson', 'a,b')).toBe('application/x-ndjson');
    expect(uploadContentType('events', '{"eventType":"card_auth"}')).toBe('application/x-ndjson');
    expect(uploadContentType('events', 'eventType,eventId')).toBe('text/csv');
    expect(compareIds(' a, b,,a ,c')).toEqual(['a', 'b', 'c']);
    expect(compareIds(null)).toEqual([]);
    expect(backtestListActive([{ status: 'done' }, { status: 'running' }])).toBe(true);
    expect(backtestListActive([{ status: 'done' }, { status: 'cancelled' }, { status: 'failed' }])).toBe(false);
  });
});

const empty = { added: [], removed: [], changed: [] };
const diff: StrategyPackageDiff = {
  empty: false,
  package: [],
  rules: { added: [{ id: 'new_rule', condition: 'true' }], removed: [{ id: 'old_rule' }], changed: [{ id: 'big', changes: [{ path: 'condition', before: 'event.amount > 5000.0', after: 'event.amount > 6000.0' }] }] },
  ruleSets: { added: [], removed: [], changed: [{ id: 's', changes: [], membersAdded: ['new_rule'], membersRemoved: ['old_rule'], reordered: false }] },
  flow: { ...empty, reordered: { before: ['a', 'b'], after: ['b', 'a'] } },
  variables: empty,
  features: { added: [{ name: 'f_1h', kind: 'velocity' }], removed: [], changed: [] },
  lists: { added: [], removed: [] },
  models: empty,
  dataSources: empty,
  tables: empty,
  outcomeActions: { added: [{ outcome: 'reject', actions: [] }], removed: [], changed: [] },
  testCases: empty,
  thresholds: [{ kind: 'rule', rule: 'big', path: 'condition', before: 5000, after: 6000, context: 'event.amount >' }],
  outcomeMapping: [],
};

describe('a structured diff as the Diff tab shows it', () => {
  it('lists added, removed and changed items of a section with their fields', () => {
    expect(diffRows(diff, 'rules').map((r) => [r.change, r.id])).toEqual([
      ['added', 'new_rule'],
      ['removed', 'old_rule'],
      ['changed', 'big'],
    ]);
    expect(diffRows(diff, 'rules')[2]!.fields).toEqual([{ path: 'condition', before: 'event.amount > 5000.0', after: 'event.amount > 6000.0' }]);
    expect(diffRows(diff, 'ruleSets')[0]!.notes).toEqual(['+ new_rule', '− old_rule']);
  });

  it('names items by id, name or outcome, and counts a reordering as a change', () => {
    expect(diffRows(diff, 'features')[0]!.id).toBe('f_1h');
    expect(diffRows(diff, 'outcomeActions')[0]!.id).toBe('reject');
    expect(itemId(42)).toBe('42');
    expect(sectionCount(diff, 'flow')).toBe(1);
    expect(sectionCount(diff, 'rules')).toBe(3);
    expect(sectionCount(diff, 'tables')).toBe(0);
  });

  it('shortens long values to one line', () => {
    expect(valueText('x'.repeat(500), 10)).toBe(`${'x'.repeat(9)}…`);
    expect(valueText({ a: 1 })).toBe('{"a":1}');
    expect(valueText(undefined)).toBe('');
  });
});

describe('chart data', () => {
  it('puts the four outcomes first, in order, then anything else', () => {
    expect(outcomeKeys({ reject: 1, other: 2 }, { pass: 3 })).toEqual(['pass', 'reject', 'other']);
    expect(shares({ pass: 3, reject: 1 })).toEqual({ pass: 0.75, reject: 0.25 });
    expect(shares({})).toEqual({});
  });

  it('builds an agreement matrix with every cell, zero where nothing moved', () => {
    const m = matrixRows(
      [
        { champion: 'pass', challenger: 'pass', count: 90 },
        { champion: 'pass', challenger: 'review', count: 7 },
        { champion: 'reject', challenger: 'reject', count: 3 },
      ],
      'champion',
      'challenger',
    );
    expect(m.cols).toEqual(['pass', 'review', 'reject']);
    expect(m.rows).toEqual([
      { key: 'pass', pass: 90, review: 7, reject: 0 },
      { key: 'reject', pass: 0, review: 0, reject: 3 },
    ]);
  });

  it('ranks rules by hits across series, keeping the top ones', () => {
    const o = ruleHitsOption(
      [
        { name: 'a', hits: { r1: 5, r2: 1 } },
        { name: 'b', hits: { r2: 10, r3: 2 } },
      ],
      2,
    ) as { yAxis: { data: string[] }; series: Array<{ data: number[] }> };
    // Horizontal bars list bottom-up: the most hit rule is last.
    expect(o.yAxis.data).toEqual(['r1', 'r2']);
    expect(o.series.map((s) => s.data)).toEqual([
      [5, 1],
      [0, 10],
    ]);
  });
});
