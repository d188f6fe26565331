import { loginData, otpData, phoneChangeData, transferData } from '../event-data.ts';
import { deviceId, HOSTING_PREFIXES, ipIn, mobilePhone } from '../identifiers.ts';
import { HOUR, MINUTE } from '../time.ts';
import { record, type SimRecord } from '../types.ts';
import { NIGHT, type TypologyDef } from './typology.ts';

const AGENTS = ['VigilBank/6.4.1 (Android 12; Redmi Note 11)', 'VigilBank/6.3.2 (Android 10; generic_x86_64)', 'VigilBank/6.4.2 (iPhone; iOS 16.7; Scale/2.00)'];
const MEMOS = ['还款', '货款', '投资', ''];

/**
 * Account takeover: with a phished or leaked password, the fraudster logs in from a new device
 * elsewhere (after a few wrong guesses), moves the account's phone number to a SIM under their
 * control, then empties the account into new payees (mule accounts) with codes sent to that phone.
 */
export const accountTakeover: TypologyDef = {
  name: 'account_takeover',
  perMillionPerDay: 50,
  hours: NIGHT,
  report: { incident: 0.98, event: 0.95, source: 'customer_report', medianDays: 1.5, sigma: 0.9, minDays: 0.1, maxDays: 30 },
  build(w, t0) {
    const rng = w.rng;
    const pop = w.pop;
    const out: SimRecord[] = [];
    const c = pop.randomCustomer();
    const org = pop.orgOf(c);
    const device = deviceId(rng);
    const agent = rng.pick(AGENTS);
    const elsewhere = rng.chance(0.75) ? pop.randomChineseCity() : pop.randomForeignCity();
    const ip = rng.chance(0.5) ? ipIn(rng, rng.pick(HOSTING_PREFIXES)) : pop.mobileIp(elsewhere);
    const lat = elsewhere.city.lat;
    const lon = elsewhere.city.lon;
    const L = 'account_takeover' as const;
    let t = t0;
    const fails = 1 + rng.int(4);
    for (let i = 0; i < fails; i++) {
      out.push(record(t, 'login', loginData(c.id, device, ip, 'MOBILE', 'password', false, agent, lat, lon, org), L));
      t += 15_000 + rng.int(75_000);
    }
    out.push(record(t, 'login', loginData(c.id, device, ip, 'MOBILE', 'password', true, agent, lat, lon, org), L));
    t += 2 * MINUTE + rng.int(10 * MINUTE);
    const newPhone = mobilePhone(rng, rng.chance(0.6));
    const verification = rng.chance(0.6) ? 'sms_otp' : rng.chance(0.5) ? 'face' : 'none';
    if (verification === 'sms_otp') {
      out.push(record(t, 'otp_request', otpData(newPhone, c.id, 'phone_change', device, ip, 'MOBILE', org), L));
      t += 20_000 + rng.int(60_000);
    }
    out.push(record(t, 'phone_change', phoneChangeData(c.id, c.phone, newPhone, device, ip, 'MOBILE', verification, lat, lon, org), L));
    t += 10 * MINUTE + rng.int(6 * HOUR);
    out.push(record(t, 'login', loginData(c.id, device, ip, 'MOBILE', 'password', true, agent, lat, lon, org), L));
    const transfers = 1 + rng.int(3);
    let left = rng.logNormal(60_000, 0.8);
    for (let i = 0; i < transfers && left > 1000; i++) {
      t += 40_000 + rng.int(4 * MINUTE);
      const payee = pop.muleAccount();
      const amount = Math.min(left, Math.max(5000, Math.round(left * rng.uniform(0.4, 0.9) / 100) * 100));
      left -= amount;
      out.push(record(t, 'otp_request', otpData(newPhone, c.id, 'payment', device, ip, 'MOBILE', org), L));
      t += 15_000 + rng.int(40_000);
      out.push(record(t, 'transfer', transferData(c.id, c.accounts[0]!, payee.account, payee.name, payee.bank, amount, 'MOBILE', device, ip, newPhone, lat, lon, rng.pick(MEMOS), org), L));
    }
    return out;
  },
};
