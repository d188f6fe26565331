import { luhnValid, PanTokenizer, prepareEvent, type EventTypeDef } from '@vigil/engine';
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, Simulation } from '../src/index.ts';
// The demo's own event types (a plain data file): events are checked against what the demo registers.
import { demoEventTypes } from '../../server/src/demo/event-types.ts';
import { modestRun } from './helpers.ts';

const types = new Map<string, EventTypeDef>(demoEventTypes.map((t) => [t.key, t]));
const tokenizer = new PanTokenizer('simulator-test-key-0123456789');
const EVENT_ID = /^[A-Za-z0-9._:-]{1,128}$/;

describe('every emitted event', () => {
  const records = modestRun();

  it('covers every event type', () => {
    const seen = new Set(records.map((r) => r.event.eventType));
    expect([...seen].sort()).toEqual([...EVENT_TYPES].sort());
    expect([...types.keys()].sort()).toEqual([...EVENT_TYPES].sort());
  });

  it('validates against its event type, and validation changes nothing but the card number', () => {
    const problems: string[] = [];
    for (const r of records) {
      const def = types.get(r.event.eventType)!;
      try {
        const p = prepareEvent(def, r.event.data, tokenizer);
        const { card, ...rest } = r.event.data;
        const { card: token, ...prepared } = p.data;
        // A phone number or identity number that looked like a card number would have been masked.
        expect(prepared).toEqual(rest);
        if (card !== undefined) {
          expect(String(token)).toMatch(/^tok_/);
          expect(luhnValid(String(card))).toBe(true);
          expect(String(card)).toMatch(/^\d{16,19}$/);
        }
        expect(p.org).toMatch(/^bank_[ab]$/);
      } catch (e) {
        if (problems.length < 5) problems.push(`${r.event.eventType} ${r.event.eventId}: ${(e as Error).message} ${JSON.stringify((e as { issues?: unknown }).issues ?? '')}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('has a unique id in the decision API format', () => {
    const ids = new Set<string>();
    for (const r of records) {
      expect(r.event.eventId).toMatch(EVENT_ID);
      ids.add(r.event.eventId);
    }
    expect(ids.size).toBe(records.length);
  });

  it('comes in non-decreasing time order, with occurredAt matching the simulated time', () => {
    let prev = -Infinity;
    for (const r of records) {
      expect(r.at).toBeGreaterThanOrEqual(prev);
      prev = r.at;
      expect(r.event.occurredAt).toBe(new Date(r.at).toISOString());
    }
    const start = Date.parse('2026-03-02T00:00:00+08:00');
    expect(records[0]!.at).toBeGreaterThanOrEqual(start);
    expect(records[records.length - 1]!.at).toBeLessThan(start + 3 * 86_400_000);
  });

  it('keeps the ground truth out of the event', () => {
    for (const r of records.slice(0, 2000)) {
      expect(Object.keys(r.event)).toEqual(['eventType', 'eventId', 'occurredAt', 'data']);
      expect(r.event.data).not.toHaveProperty('label');
      expect(r.event.data).not.toHaveProperty('typology');
    }
  });

  it('uses branch orgs when asked', () => {
    const orgs = new Set<string>();
    for (const r of new Simulation({ seed: 2, customers: 400, days: 1, branchOrgs: true })) orgs.add(String(r.event.data.org));
    expect(orgs).toContain('bank_a_hz');
    expect(orgs).toContain('bank_b_nb');
    expect(orgs).toContain('bank_a');
  });

  it('serves other member banks with their own identifiers', () => {
    const orgs = new Set<string>();
    for (const r of new Simulation({ seed: 2, customers: 300, days: 1, banks: ['bank_a', 'bank_c'] })) orgs.add(String(r.event.data.org));
    expect([...orgs].sort()).toEqual(['bank_a', 'bank_c']);
    expect(() => new Simulation({ banks: ['bad org'] }).records().next()).toThrow(/org id/);
  });
});
