import { atmData, cardPresent } from '../event-data.ts';
import { CASH_OUT_CITIES } from '../geo.ts';
import { HOUR, MINUTE } from '../time.ts';
import { record, type SimRecord } from '../types.ts';
import { ANY_HOUR, type TypologyDef } from './typology.ts';

/**
 * A card skimmed or cloned at home is used abroad: a counterfeit (swiped) card in a country the
 * cardholder has never been to, hours after the cardholder paid at home (impossible travel), at
 * jewellers, electronics shops, casinos and quasi-cash merchants, for large amounts, and cash from
 * foreign ATMs. The real cardholder keeps paying at home meanwhile.
 */
export const stolenCardAbroad: TypologyDef = {
  name: 'stolen_card_abroad',
  perMillionPerDay: 120,
  hours: ANY_HOUR,
  report: { incident: 0.99, event: 0.96, source: 'chargeback', medianDays: 12, sigma: 0.6, minDays: 1, maxDays: 90 },
  build(w, t0) {
    const rng = w.rng;
    const pop = w.pop;
    const out: SimRecord[] = [];
    const c = pop.randomCustomer();
    const card = c.cards[rng.int(c.cards.length)]!;
    const org = pop.orgOf(c);
    const where = pop.byKey.get(rng.pick(CASH_OUT_CITIES))!;
    // Start during the local afternoon or evening, when shops are open.
    const localHour = Math.floor((((t0 / HOUR + where.city.utcOffset) % 24) + 24) % 24);
    let t = t0 + (localHour < 10 ? (10 - localHour) * HOUR : localHour > 21 ? (34 - localHour) * HOUR : 0) + rng.int(HOUR);
    if (rng.chance(0.5)) {
      const m = rng.pick(where.merchants);
      out.push(record(t, 'card_auth', cardPresent(card, c.id, rng.uniform(10, 80), m, 'POS', 'swipe', null, null, org), 'stolen_card_abroad'));
      t += 10 * MINUTE + rng.int(40 * MINUTE);
    }
    const n = 2 + rng.int(8);
    for (let i = 0; i < n; i++) {
      if (rng.chance(0.25)) {
        const atm = rng.pick(where.atms);
        out.push(record(t, 'atm_withdrawal', atmData(card, c.id, 1000 + 500 * rng.int(7), atm.terminalId, 'foreign', rng.chance(0.7) ? 'swipe' : 'chip', where.city.country, where.city.name, atm.lat, atm.lon, org), 'stolen_card_abroad'));
      } else {
        const m = rng.pick(where.cashOut);
        const e = rng.float();
        const amount = rng.logNormal(m.category.median, m.category.sigma);
        out.push(record(t, 'card_auth', cardPresent(card, c.id, Math.min(amount, 60_000), m, 'POS', e < 0.65 ? 'swipe' : e < 0.9 ? 'chip' : 'manual', null, null, org), 'stolen_card_abroad'));
      }
      t += 5 * MINUTE + rng.int(45 * MINUTE);
    }
    return out;
  },
};
