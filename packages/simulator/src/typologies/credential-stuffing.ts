import { loginData } from '../event-data.ts';
import { deviceId, HOSTING_PREFIXES, ipIn } from '../identifiers.ts';
import { MINUTE } from '../time.ts';
import { record, type SimRecord } from '../types.ts';
import { ANY_HOUR, type TypologyDef } from './typology.ts';

const BOT_AGENTS = [
  'python-requests/2.31.0',
  'okhttp/4.12.0',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0.0.0 Safari/537.36',
];

/**
 * Credential stuffing: a list of user names and passwords leaked elsewhere is replayed against the
 * bank's login from a few addresses — hundreds of failed logins across many customers (and ids
 * that do not exist), a rare success.
 */
export const credentialStuffing: TypologyDef = {
  name: 'credential_stuffing',
  perMillionPerDay: 5,
  hours: ANY_HOUR,
  report: { incident: 0.97, event: 0.85, source: 'security_investigation', medianDays: 4, sigma: 0.6, minDays: 0.5, maxDays: 30 },
  build(w, t0) {
    const rng = w.rng;
    const pop = w.pop;
    const out: SimRecord[] = [];
    const bankIdx = rng.weighted(pop.bankCum);
    const customers = pop.byBank[bankIdx]!;
    const org = pop.banks[bankIdx]!.org;
    const prefix = rng.pick(HOSTING_PREFIXES);
    const ips = Array.from({ length: 2 + rng.int(4) }, () => ipIn(rng, prefix));
    const agent = rng.pick(BOT_AGENTS);
    const where = pop.randomForeignCity().city;
    const channel = rng.chance(0.7) ? 'WEB' : 'MOBILE';
    const attempts = Math.min(80 + rng.int(520), 40 + Math.floor(customers.length * 0.3));
    const gap = Math.max(500, Math.floor((20 + rng.int(100)) * MINUTE / attempts));
    let t = t0;
    for (let i = 0; i < attempts; i++) {
      const known = customers.length > 0 && rng.chance(0.7);
      const id = known ? customers[rng.int(customers.length)]!.id : pop.unknownCustomerId(bankIdx);
      const success = known && rng.chance(0.015);
      const device = rng.chance(0.4) ? null : deviceId(rng);
      out.push(record(t, 'login', loginData(id, device, rng.pick(ips), channel, 'password', success, agent, where.lat, where.lon, org), 'credential_stuffing'));
      t += Math.floor(gap * rng.uniform(0.3, 1.7));
    }
    return out;
  },
};
