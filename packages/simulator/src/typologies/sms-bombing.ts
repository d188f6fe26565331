import { otpData } from '../event-data.ts';
import { CN_FIRST_OCTETS, HOSTING_PREFIXES, ipIn, mobilePhone } from '../identifiers.ts';
import { MINUTE } from '../time.ts';
import { record, type SimRecord } from '../types.ts';
import { ANY_HOUR, type TypologyDef } from './typology.ts';

/**
 * SMS bombing: a harassment service floods one phone number with one-time codes by calling the
 * bank's "send code" endpoint (registration, login, password reset) from rotating addresses. The
 * bank pays for every message; the victim's phone is unusable.
 */
export const smsBombing: TypologyDef = {
  name: 'sms_bombing',
  perMillionPerDay: 20,
  hours: ANY_HOUR,
  report: { incident: 0.97, event: 0.88, source: 'customer_report', medianDays: 1, sigma: 0.8, minDays: 0.05, maxDays: 20 },
  build(w, t0) {
    const rng = w.rng;
    const pop = w.pop;
    const out: SimRecord[] = [];
    const victim = rng.chance(0.6) ? pop.randomCustomer() : null;
    const phone = victim ? victim.phone : mobilePhone(rng);
    const org = victim ? pop.orgOf(victim) : pop.banks[rng.weighted(pop.bankCum)]!.org;
    const n = 30 + rng.int(270);
    const gap = Math.max(300, Math.floor((5 + rng.int(55)) * MINUTE / n));
    let t = t0;
    for (let i = 0; i < n; i++) {
      const ip = rng.chance(0.5) ? ipIn(rng, rng.pick(HOSTING_PREFIXES)) : ipIn(rng, `${rng.pick(CN_FIRST_OCTETS)}.${rng.int(256)}.`);
      const r = rng.float();
      const purpose = r < 0.5 ? 'registration' : r < 0.8 ? 'login' : 'password_reset';
      const customerId = victim && purpose !== 'registration' ? victim.id : null;
      out.push(record(t, 'otp_request', otpData(phone, customerId, purpose, null, ip, rng.chance(0.8) ? 'WEB' : 'MOBILE', org), 'sms_bombing'));
      t += Math.floor(gap * rng.uniform(0.2, 1.8));
    }
    return out;
  },
};
