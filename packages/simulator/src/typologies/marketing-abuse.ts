import { CAMPAIGNS, NEW_USER_CAMPAIGN } from '../campaigns.ts';
import { couponData, otpData, registrationData } from '../event-data.ts';
import { deviceId, HOSTING_PREFIXES, ipIn, mobilePhone, personName, residentId } from '../identifiers.ts';
import { MINUTE } from '../time.ts';
import { record, type SimRecord } from '../types.ts';
import { ANY_HOUR, type TypologyDef } from './typology.ts';

/**
 * Marketing abuse (薅羊毛): a device farm registers account after account with SIM-farm numbers and
 * bought identities, from a few phones and addresses, and claims the new-user gift with each —
 * often a second coupon too. The accounts are never used for anything else.
 */
export const marketingAbuse: TypologyDef = {
  name: 'marketing_abuse',
  perMillionPerDay: 15,
  hours: ANY_HOUR,
  report: { incident: 0.97, event: 0.85, source: 'campaign_audit', medianDays: 10, sigma: 0.5, minDays: 2, maxDays: 60 },
  build(w, t0) {
    const rng = w.rng;
    const pop = w.pop;
    const out: SimRecord[] = [];
    const L = 'marketing_abuse' as const;
    const bankIdx = rng.weighted(pop.bankCum);
    const org = pop.banks[bankIdx]!.org;
    const city = pop.randomChineseCity();
    const devices = Array.from({ length: 2 + rng.int(5) }, () => deviceId(rng));
    const ips = Array.from({ length: 1 + rng.int(3) }, () => (rng.chance(0.5) ? ipIn(rng, rng.pick(HOSTING_PREFIXES)) : pop.mobileIp(city)));
    const identities = Array.from({ length: 3 + rng.int(8) }, () => ({ id: residentId(rng, rng.pick(pop.chinese).city.areaCode!, 1960 + rng.int(45)), name: personName(rng) }));
    const ringleader = pop.randomCustomer().referralCode;
    const channel = rng.chance(0.8) ? 'MOBILE' : 'WEB';
    const accounts = 10 + rng.int(51);
    let t = t0;
    for (let i = 0; i < accounts; i++) {
      const device = devices[i % devices.length]!;
      const ip = rng.pick(ips);
      const phone = mobilePhone(rng, rng.chance(0.7));
      const who = rng.chance(0.6) ? rng.pick(identities) : { id: residentId(rng, city.city.areaCode!, 1960 + rng.int(45)), name: personName(rng) };
      const customerId = pop.nextCustomerId(bankIdx);
      const lat = city.city.lat;
      const lon = city.city.lon;
      out.push(record(t, 'otp_request', otpData(phone, null, 'registration', device, ip, channel, org), L));
      t += 8_000 + rng.int(25_000);
      out.push(record(t, 'registration', registrationData(customerId, phone, who.id, who.name, device, ip, channel, rng.chance(0.7) ? ringleader : null, lat, lon, org), L));
      t += 5_000 + rng.int(40_000);
      out.push(record(t, 'coupon_claim', couponData(customerId, NEW_USER_CAMPAIGN.id, NEW_USER_CAMPAIGN.value, device, ip, phone, channel, 0, lat, lon, org), L));
      if (rng.chance(0.3)) {
        t += 3_000 + rng.int(20_000);
        const other = CAMPAIGNS[1 + rng.int(CAMPAIGNS.length - 1)]!;
        out.push(record(t, 'coupon_claim', couponData(customerId, other.id, other.value, device, ip, phone, channel, 0, lat, lon, org), L));
      }
      t += 20_000 + rng.int(3 * MINUTE);
    }
    return out;
  },
};
