import { scoreModel, validateModel } from '@vigil/engine';
import { describe, expect, it } from 'vitest';
import { ExpertScorecardError } from './expert-scorecard-error.ts';
import { expertScorecard, type ExpertScorecardSpec } from './expert-scorecard.ts';
import { reasonCodes } from './reason-codes.ts';

const spec: ExpertScorecardSpec = {
  id: 'cold_start_v1',
  name: 'Cold start',
  baseScore: 500,
  characteristics: [
    { name: 'age', bins: [{ max: 25, points: -10 }, { min: 25, max: 60, points: 15 }, { min: 60, points: 5 }, { missing: true, points: 0 }] },
    { name: 'channel', input: 'event.context.channel', bins: [{ values: ['branch'], points: 10, label: 'Branch' }, { values: ['online', 'app'], points: -5 }], defaultPoints: -8 },
  ],
};

const issuesOf = (s: ExpertScorecardSpec) => {
  try {
    expertScorecard(s);
  } catch (e) {
    if (e instanceof ExpertScorecardError) return e.issues;
    throw e;
  }
  return [];
};

describe('expertScorecard', () => {
  it('builds a valid engine model and a table from hand-entered bands', () => {
    const card = expertScorecard(spec);
    expect(validateModel(card.model).ok).toBe(true);
    expect(card.model).toMatchObject({ kind: 'scorecard', id: 'cold_start_v1', name: 'Cold start', baseScore: 500 });
    expect(card.model.characteristics.map((c) => c.input)).toEqual(['event.age', 'event.context.channel']);
    expect(card.model.characteristics[1]!.defaultPoints).toBe(-8);
    expect(card.table.map((r) => [r.variable, r.label, r.points])).toEqual([
      ['age', '< 25', -10],
      ['age', '[25, 60)', 15],
      ['age', '>= 60', 5],
      ['age', 'Missing', 0],
      ['channel', 'Branch', 10],
      ['channel', 'online, app', -5],
    ]);
    // Age 30 → 15, channel "app" → −5: 500 + 15 − 5 = 510; an unknown channel gets −8.
    expect(scoreModel(card.model, [30, 'app']).score).toBe(510);
    expect(scoreModel(card.model, [null, 'kiosk']).score).toBe(492);
    expect(card.warnings).toEqual(['channel: no missing band; missing values get defaultPoints (-8)']);
    // Reason codes work on the expert table too: age 20 (−10 of max 15) loses 25 points.
    expect(reasonCodes(card.table, [-10, 10])).toEqual([{ variable: 'age', points: -10, maxPoints: 15, pointsLost: 25 }]);
  });

  it('reports every problem at once with its path', () => {
    const issues = issuesOf({
      id: '',
      baseScore: NaN,
      characteristics: [
        { name: 'age', bins: [{ max: 30, points: 1 }, { min: 25, max: 40, points: 2 }, { min: 50, max: 45, points: 0 }, { missing: true, points: 0 }, { missing: true, points: Infinity }] },
        { name: 'age', bins: [{ values: ['a', 'b'], points: 1 }, { values: ['b'], points: 2 }, { points: 3 }] },
        { name: 'empty', bins: [] },
      ],
    });
    expect(issues).toEqual([
      { path: 'id', message: 'id is required' },
      { path: 'baseScore', message: 'baseScore must be a finite number' },
      { path: 'characteristics[0].bins[2]', message: 'min 50 must be below max 45: the band is [min, max)' },
      { path: 'characteristics[0].bins[4].points', message: 'points must be a finite number' },
      { path: 'characteristics[0].bins[4].missing', message: 'band 3 already takes missing values' },
      { path: 'characteristics[0].bins[1]', message: 'range overlaps band 0' },
      { path: 'characteristics[1].name', message: 'age is defined twice' },
      { path: 'characteristics[1].bins[1].values', message: '"b" is already in band 0' },
      { path: 'characteristics[1].bins[2]', message: 'a band needs a range (min/max), values or missing: true' },
      { path: 'characteristics[2].bins', message: 'at least one band is required' },
    ]);
    expect(() => expertScorecard({ id: 'x', baseScore: 0, characteristics: [] })).toThrow(/at least one characteristic/);
  });

  it('warns about gaps and uncovered ends', () => {
    const card = expertScorecard({ id: 'g', baseScore: 0, characteristics: [{ name: 'n', bins: [{ min: 0, max: 10, points: 1 }, { min: 20, max: 30, points: 2 }] }] });
    expect(card.warnings).toEqual([
      'n: no band covers [10, 20); such values get defaultPoints',
      'n: no band covers values below 0',
      'n: no band covers values from 30 up',
      'n: no missing band; missing values get defaultPoints (0)',
    ]);
  });
});
