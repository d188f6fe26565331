import { loginData, otpData, transferData } from '../event-data.ts';
import { DAY, MINUTE } from '../time.ts';
import { record, type SimRecord } from '../types.ts';
import { DAYTIME, type TypologyDef } from './typology.ts';

const MEMOS = ['安全账户', '保证金', '投资款', '解冻费', '贷款手续费', '', ''];

/**
 * Telecom and impersonation scams: someone posing as the police, the bank or an investment adviser
 * talks the customer into moving money. The customer does it personally, on their own phone, from
 * home, passing every check — but to new payees (mule accounts), for unusually large and growing
 * amounts, often again the next day ("a fee to release the funds").
 */
export const impersonationScam: TypologyDef = {
  name: 'impersonation_scam',
  perMillionPerDay: 70,
  hours: DAYTIME,
  report: { incident: 0.97, event: 0.94, source: 'customer_report', medianDays: 2, sigma: 1.0, minDays: 0.05, maxDays: 45 },
  build(w, t0) {
    const rng = w.rng;
    const pop = w.pop;
    const out: SimRecord[] = [];
    const c = pop.randomCustomer();
    const org = pop.orgOf(c);
    const ip = rng.chance(0.5) ? c.homeIp : pop.mobileIp(c.home);
    const L = 'impersonation_scam' as const;
    let t = t0;
    out.push(record(t, 'login', loginData(c.id, c.device, ip, 'MOBILE', rng.chance(0.6) ? 'biometric' : 'password', true, c.appAgent, c.lat, c.lon, org), L));
    const payees = Array.from({ length: 1 + rng.int(3) }, () => pop.muleAccount());
    const transfers = 1 + rng.int(5);
    let amount = rng.logNormal(15_000, 0.7);
    for (let i = 0; i < transfers; i++) {
      t += 3 * MINUTE + rng.int(40 * MINUTE);
      if (i > 0 && rng.chance(0.2)) {
        // The next day, another "fee": a new session.
        t += DAY - rng.int(4 * 60 * MINUTE);
        out.push(record(t, 'login', loginData(c.id, c.device, ip, 'MOBILE', 'biometric', true, c.appAgent, c.lat, c.lon, org), L));
        t += 2 * MINUTE + rng.int(10 * MINUTE);
      }
      const p = payees[Math.min(i, payees.length - 1)]!;
      const rounded = Math.min(200_000, Math.round(amount / 100) * 100);
      out.push(record(t, 'otp_request', otpData(c.phone, c.id, 'payment', c.device, ip, 'MOBILE', org), L));
      t += 20_000 + rng.int(60_000);
      out.push(record(t, 'transfer', transferData(c.id, c.accounts[0]!, p.account, p.name, p.bank, rounded, 'MOBILE', c.device, ip, c.phone, c.lat, c.lon, rng.pick(MEMOS), org), L));
      amount *= rng.uniform(1.1, 2);
    }
    return out;
  },
};
