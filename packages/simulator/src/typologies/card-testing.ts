import { cardOnline } from '../event-data.ts';
import { deviceId, HOSTING_PREFIXES, ipIn } from '../identifiers.ts';
import type { Card } from '../population.ts';
import { MINUTE } from '../time.ts';
import { record, type SimRecord } from '../types.ts';
import { NIGHT, type TypologyDef } from './typology.ts';

const TINY = [0.01, 0.1, 0.5, 1, 1, 1, 1.5, 2, 2, 3, 5];

/**
 * Card testing: a bot checks stolen card numbers with tiny online authorisations at merchants that
 * accept them without friction. Either one card tried again and again (and, once it works, a
 * larger purchase hours later), or a list of cards run through one merchant, one or two tries each.
 */
export const cardTesting: TypologyDef = {
  name: 'card_testing',
  perMillionPerDay: 60,
  hours: NIGHT,
  report: { incident: 0.97, event: 0.85, source: 'chargeback', medianDays: 18, sigma: 0.5, minDays: 3, maxDays: 120 },
  build(w, t0) {
    const rng = w.rng;
    const pop = w.pop;
    const out: SimRecord[] = [];
    const device = deviceId(rng);
    const prefix = rng.pick(HOSTING_PREFIXES);
    const ip = ipIn(rng, prefix);
    const merchant = rng.pick(pop.testing);
    let t = t0;
    if (rng.chance(0.4)) {
      const c = pop.randomCustomer();
      const card = c.cards[0]!;
      const n = 8 + rng.int(23);
      for (let i = 0; i < n; i++) {
        const m = rng.chance(0.8) ? merchant : rng.pick(pop.testing);
        out.push(record(t, 'card_auth', cardOnline(card, c.id, rng.pick(TINY), m, device, ip, pop.orgOf(c)), 'card_testing'));
        t += 4_000 + rng.int(40_000);
      }
      if (rng.chance(0.45)) {
        // The card works: it is sold on, and the buyer spends it online a few hours later.
        t += Math.floor(rng.uniform(2, 12) * 60 * MINUTE);
        const shop = pop.ecom.find((m) => m.category.mcc === '5732') ?? rng.pick(pop.ecom);
        out.push(record(t, 'card_auth', cardOnline(card, c.id, rng.uniform(1500, 8000), shop, deviceId(rng), ipIn(rng, rng.pick(HOSTING_PREFIXES)), pop.orgOf(c)), 'card_testing'));
      }
      return out;
    }
    const cards = 15 + rng.int(90);
    for (let i = 0; i < cards; i++) {
      const c = pop.randomCustomer();
      const card: Card = c.cards[rng.int(c.cards.length)]!;
      const tries = rng.chance(0.7) ? 1 : 2;
      for (let k = 0; k < tries; k++) {
        out.push(record(t, 'card_auth', cardOnline(card, c.id, rng.pick(TINY), merchant, device, rng.chance(0.7) ? ip : ipIn(rng, prefix), pop.orgOf(c)), 'card_testing'));
        t += 2_000 + rng.int(20_000);
      }
    }
    return out;
  },
};
