import { describe, expect, it } from 'vitest';
import { distanceKm, Simulation, TYPOLOGIES, type SimRecord, type Typology } from '../src/index.ts';
import { cstHourOf, modestRun } from './helpers.ts';

const records = modestRun();
const byTypology = new Map<Typology, SimRecord[]>();
for (const r of records) if (r.label) byTypology.set(r.label, [...(byTypology.get(r.label) ?? []), r]);
const of = (t: Typology) => byTypology.get(t) ?? [];
const data = (r: SimRecord) => r.event.data as Record<string, any>;
const distinct = (rs: SimRecord[], f: (r: SimRecord) => unknown) => new Set(rs.map(f)).size;

describe('typologies in a modest run (2,000 customers, 3 days)', () => {
  it('contains every typology, labelled', () => {
    for (const t of TYPOLOGIES) expect(of(t).length, t).toBeGreaterThan(0);
  });

  it('keeps fraud a small minority', () => {
    const fraud = records.filter((r) => r.label !== null).length;
    expect(records.length).toBeGreaterThan(10_000);
    expect(fraud / records.length).toBeGreaterThan(0.002);
    expect(fraud / records.length).toBeLessThan(0.1);
    for (const t of TYPOLOGIES) expect(of(t).length / records.length, t).toBeLessThan(0.04);
  });

  it('makes the night quiet for legitimate activity', () => {
    const hours = new Array(24).fill(0);
    for (const r of records) if (r.label === null) hours[cstHourOf(r.at)]++;
    expect(hours[3] * 8).toBeLessThan(hours[12]);
    expect(hours[20]).toBeGreaterThan(hours[3] * 8);
  });

  it('travels, but never impossibly, in legitimate card-present activity', () => {
    const last = new Map<string, { at: number; lat: number; lon: number }>();
    let trips = 0;
    for (const r of records) {
      const d = data(r);
      if (r.label !== null || !d.location || !d.card) continue;
      const prev = last.get(d.card);
      if (prev) {
        const km = distanceKm(prev.lat, prev.lon, d.location.lat, d.location.lon);
        const hours = Math.max((r.at - prev.at) / 3_600_000, 1 / 3600);
        if (km >= 300) trips++;
        expect(km < 300 || km / hours < 900, `${km.toFixed(0)} km in ${hours.toFixed(2)} h`).toBe(true);
      }
      last.set(d.card, { at: r.at, lat: d.location.lat, lon: d.location.lon });
    }
    expect(trips).toBeGreaterThan(0);
  });

  it('card testing: bursts of tiny online authorisations', () => {
    const rs = of('card_testing');
    expect(rs.every((r) => r.event.eventType === 'card_auth' && data(r).channel === 'ECOM')).toBe(true);
    const tiny = rs.filter((r) => data(r).amount <= 5).length;
    expect(tiny / rs.length).toBeGreaterThan(0.9);
    expect(rs.length).toBeGreaterThanOrEqual(8);
  });

  it('stolen card abroad: foreign countries, cash-out categories, card present', () => {
    const rs = of('stolen_card_abroad');
    expect(rs.every((r) => data(r).country !== 'CN')).toBe(true);
    expect(rs.some((r) => ['5944', '5732', '6051', '7995', '5311', '5691'].includes(data(r).mcc) || r.event.eventType === 'atm_withdrawal')).toBe(true);
    // Impossible travel: the same customer is active at home within the same day.
    const victim = data(rs[0]!).customer_id;
    const home = records.filter((r) => r.label === null && data(r).customer_id === victim && Math.abs(r.at - rs[0]!.at) < 3 * 86_400_000);
    expect(home.length).toBeGreaterThan(0);
  });

  it('account takeover: failed logins on a new device, a phone change, then a transfer', () => {
    const rs = of('account_takeover');
    const types = rs.map((r) => r.event.eventType);
    expect(types).toContain('phone_change');
    expect(types).toContain('transfer');
    expect(rs.some((r) => r.event.eventType === 'login' && data(r).success === false)).toBe(true);
    const first = rs.findIndex((r) => r.event.eventType === 'phone_change');
    const transfer = rs.findIndex((r) => r.event.eventType === 'transfer');
    expect(first).toBeLessThan(transfer);
    const victim = data(rs[0]!).customer_id;
    const ownDevices = new Set(records.filter((r) => r.label === null && data(r).customer_id === victim).map((r) => data(r).device_id));
    expect(ownDevices.has(data(rs[0]!).device_id)).toBe(false);
  });

  it('impersonation scam: large transfers from the victim’s own device', () => {
    const rs = of('impersonation_scam');
    const transfers = rs.filter((r) => r.event.eventType === 'transfer');
    expect(transfers.length).toBeGreaterThan(0);
    const victim = data(transfers[0]!).customer_id;
    const own = records.filter((r) => r.label === null && data(r).customer_id === victim && r.event.eventType === 'login').map((r) => data(r).device_id);
    if (own.length > 0) expect(own).toContain(data(transfers[0]!).device_id);
    expect(transfers.every((t) => data(t).amount >= 1000)).toBe(true);
  });

  it('money mules: many senders into few accounts, onward transfers from shared devices', () => {
    const transfers = of('money_mule').filter((r) => r.event.eventType === 'transfer');
    const mules = new Set(transfers.map((r) => data(r).to_account));
    const outgoing = transfers.filter((r) => [...mules].includes(data(r).from_account) || transfers.some((x) => data(x).to_account === data(r).from_account));
    expect(outgoing.length).toBeGreaterThan(0);
    const devicesToCustomers = new Map<string, Set<string>>();
    for (const r of of('money_mule')) if (r.event.eventType === 'login') devicesToCustomers.set(data(r).device_id, (devicesToCustomers.get(data(r).device_id) ?? new Set()).add(data(r).customer_id));
    expect(Math.max(...[...devicesToCustomers.values()].map((s) => s.size))).toBeGreaterThan(1);
  });

  it('marketing abuse: many registrations and coupon claims from few devices', () => {
    const rs = of('marketing_abuse');
    const regs = rs.filter((r) => r.event.eventType === 'registration');
    const claims = rs.filter((r) => r.event.eventType === 'coupon_claim');
    expect(regs.length).toBeGreaterThanOrEqual(10);
    expect(claims.length).toBeGreaterThanOrEqual(regs.length);
    expect(distinct(regs, (r) => data(r).device_id)).toBeLessThanOrEqual(6);
    expect(claims.every((r) => data(r).account_age_days === 0)).toBe(true);
  });

  it('credential stuffing: failed logins across many customers from few addresses', () => {
    const rs = of('credential_stuffing');
    expect(rs.every((r) => r.event.eventType === 'login')).toBe(true);
    expect(rs.filter((r) => !data(r).success).length / rs.length).toBeGreaterThan(0.95);
    expect(distinct(rs, (r) => data(r).customer_id)).toBeGreaterThan(rs.length * 0.5);
    expect(distinct(rs, (r) => data(r).ip)).toBeLessThanOrEqual(5 * 2);
  });

  it('SMS bombing: a flood of codes to one number from rotating addresses', () => {
    const rs = of('sms_bombing');
    expect(rs.every((r) => r.event.eventType === 'otp_request')).toBe(true);
    expect(rs.length).toBeGreaterThanOrEqual(30);
    const phones = new Map<string, number>();
    for (const r of rs) phones.set(data(r).phone, (phones.get(data(r).phone) ?? 0) + 1);
    expect(Math.max(...phones.values())).toBeGreaterThanOrEqual(30);
    expect(distinct(rs, (r) => data(r).ip)).toBeGreaterThan(rs.length * 0.8);
  });

  it('leaves fraud out when the fraud rate is 0, and simulates only the typologies asked for', () => {
    const none = [...new Simulation({ seed: 4, customers: 300, days: 1, fraudRate: 0 })];
    expect(none.every((r) => r.label === null)).toBe(true);
    const some = [...new Simulation({ seed: 4, customers: 300, days: 1, typologies: ['sms_bombing'] })];
    expect(new Set(some.filter((r) => r.label).map((r) => r.label))).toEqual(new Set(['sms_bombing']));
  });

  it('scales incidents with the fraud rate', () => {
    const count = (fraudRate: number) => [...new Simulation({ seed: 6, customers: 5000, days: 2, fraudRate, ensureEveryTypology: false })].filter((r) => r.label).length;
    expect(count(20)).toBeGreaterThan(count(1) * 3);
  });
});
