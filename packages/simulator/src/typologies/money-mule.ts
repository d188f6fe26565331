import { loginData, otpData, transferData } from '../event-data.ts';
import { deviceId, HOSTING_PREFIXES, ipIn } from '../identifiers.ts';
import type { Customer, Payee } from '../population.ts';
import { HOUR, MINUTE } from '../time.ts';
import { record, type SimRecord } from '../types.ts';
import { ANY_HOUR, type TypologyDef } from './typology.ts';

const INBOUND_MEMOS = ['货款', '代购', '刷单佣金', '投资', '借款', ''];
const MULE_AGENT = 'VigilBank/6.2.0 (Android 11; Redmi 9A)';

/**
 * A money-mule network: a handful of recruited customers whose accounts collect many transfers
 * from many senders (victims of fake shops and "part-time jobs", and other mules), and pass each
 * sum on within minutes — to other mules and to collector accounts at other banks. The mules'
 * accounts are operated by the ring from a couple of shared phones and addresses.
 */
export const moneyMule: TypologyDef = {
  name: 'money_mule',
  perMillionPerDay: 10,
  hours: ANY_HOUR,
  report: { incident: 0.97, event: 0.88, source: 'police_notice', medianDays: 9, sigma: 0.6, minDays: 1, maxDays: 60 },
  build(w, t0) {
    const rng = w.rng;
    const pop = w.pop;
    const out: SimRecord[] = [];
    const L = 'money_mule' as const;
    const bank = pop.muleCustomers[rng.int(pop.muleCustomers.length)]!.bankIdx;
    const pool = pop.muleCustomers.filter((m) => m.bankIdx === bank);
    const size = Math.min(pool.length, 3 + rng.int(6));
    const mules: Customer[] = [];
    for (let i = 0; i < size * 3 && mules.length < size; i++) {
      const m = rng.pick(pool);
      if (!mules.includes(m)) mules.push(m);
    }
    const devices = [deviceId(rng), deviceId(rng)].slice(0, 1 + rng.int(2));
    const ips = [ipIn(rng, rng.pick(HOSTING_PREFIXES)), pop.mobileIp(pop.randomChineseCity())];
    const collectors: Payee[] = Array.from({ length: 2 + rng.int(3) }, () => pop.externalPayee());
    const base = pop.randomChineseCity();
    const span = Math.floor(rng.uniform(0.5, 3) * 24 * HOUR);
    const inbound = 10 + rng.int(31);
    for (let i = 0; i < inbound; i++) {
      let t = t0 + Math.floor((span * i) / inbound) + rng.int(Math.max(1, Math.floor(span / inbound)));
      const mule = rng.pick(mules);
      const sender = pop.randomCustomer();
      if (sender === mule) continue;
      const amount = Math.round(rng.logNormal(3000, 0.9) / 10) * 10 + 10;
      const sip = rng.chance(0.5) ? sender.homeIp : pop.mobileIp(sender.home);
      out.push(record(t, 'transfer', transferData(sender.id, sender.accounts[0]!, mule.accounts[0]!, mule.name, mule.bank.name, amount, 'MOBILE', sender.device, sip, sender.phone, sender.lat, sender.lon, rng.pick(INBOUND_MEMOS), pop.orgOf(sender)), L));
      // The mule account passes the money on within minutes, from one of the ring's phones.
      t += 2 * MINUTE + rng.int(25 * MINUTE);
      const device = rng.pick(devices);
      const ip = rng.pick(ips);
      const org = pop.orgOf(mule);
      if (rng.chance(0.7)) {
        out.push(record(t, 'login', loginData(mule.id, device, ip, 'MOBILE', 'password', true, MULE_AGENT, base.city.lat, base.city.lon, org), L));
        t += 30_000 + rng.int(90_000);
      }
      const onward = rng.chance(0.25) && mules.length > 1 ? mules[(mules.indexOf(mule) + 1) % mules.length]! : null;
      const to = onward ? { account: onward.accounts[0]!, name: onward.name, bank: onward.bank.name } : rng.pick(collectors);
      const out2 = Math.floor(amount * rng.uniform(0.85, 0.99));
      if (out2 >= 5000) {
        out.push(record(t, 'otp_request', otpData(mule.phone, mule.id, 'payment', device, ip, 'MOBILE', org), L));
        t += 15_000 + rng.int(30_000);
      }
      out.push(record(t, 'transfer', transferData(mule.id, mule.accounts[0]!, to.account, to.name, to.bank, out2, 'MOBILE', device, ip, mule.phone, base.city.lat, base.city.lon, '', org), L));
    }
    return out;
  },
};
