/**
 * Legitimate customer behaviour. A customer acts in sessions (a card payment, an app session with
 * a transfer, an ATM withdrawal, …) at times drawn from a Poisson process that follows the daily
 * rhythm; each session yields one or a few events a few seconds apart.
 */
import { NEW_USER_CAMPAIGN, ORDINARY_CAMPAIGNS } from './campaigns.ts';
import { distanceKm, travelHours } from './geo.ts';
import { deviceId, mobilePhone, residentId } from './identifiers.ts';
import { cardOnline, cardPresent, couponData, loginData, money, otpData, phoneChangeData, registrationData, transferData, atmData } from './event-data.ts';
import type { CityData, Customer, Merchant, Payee } from './population.ts';
import { cumulative, type Rng } from './rng.ts';
import { CST_OFFSET, cstHour, DAILY_RHYTHM, DAY, HOUR, MINUTE } from './time.ts';
import { record, type SimRecord, type World } from './types.ts';

/** Sessions per customer per day at activity 1 (an average customer makes about 2.6 events a day). */
export const SESSIONS_PER_DAY = 2;

const KINDS = ['card', 'app', 'web', 'atm', 'coupon', 'travel', 'device_change', 'phone_change'] as const;
type Kind = (typeof KINDS)[number];
const KIND_CUM = cumulative([0.52, 0.3, 0.05, 0.05, 0.02, 0.004, 0.0012, 0.0003]);
const MAX_RHYTHM = Math.max(...DAILY_RHYTHM);
const ORDINARY_CUM = cumulative(ORDINARY_CAMPAIGNS.map((c) => c.weight));

/** The next session time after `from`: thinning of a Poisson process whose rate follows the daily rhythm. */
export function nextSessionAt(rng: Rng, c: Customer, from: number): number {
  const meanGap = DAY / (c.rate * SESSIONS_PER_DAY * MAX_RHYTHM);
  let t = from;
  for (;;) {
    t += rng.exp(meanGap);
    if (rng.float() * MAX_RHYTHM < DAILY_RHYTHM[cstHour(t)]!) return Math.floor(t);
  }
}

/** Where the customer is at `t`: the trip's city once arrived, else home. */
function whereabouts(c: Customer, t: number): CityData {
  const trip = c.trip;
  return trip !== null && t >= trip.arrive && t < trip.leave ? trip.city : c.home;
}

/** Appends the events of one session of `c` starting at `t`, in time order, the first at `t`. */
export function customerSession(w: World, c: Customer, t: number, out: SimRecord[]): void {
  const rng = w.rng;
  if (c.registering) {
    c.registering = false;
    registration(w, c, t, out);
    return;
  }
  const trip = c.trip;
  if (trip !== null) {
    if (t >= trip.back) c.trip = null;
    // On the way there or back: no banking from a train or a plane.
    else if ((t >= trip.depart && t < trip.arrive) || t >= trip.leave) return;
  }
  // Salary day: rent and family transfers, once a month.
  const local = t + CST_OFFSET;
  const dayIndex = Math.floor(local / DAY);
  if (c.payees.length > 0 && cstHour(t) >= 9) {
    const dom = w.dayOfMonth(dayIndex);
    if (dom === c.salaryDay) {
      const month = w.monthIndex(dayIndex);
      if (c.lastBillsMonth !== month) {
        c.lastBillsMonth = month;
        appSession(w, c, t, out, 1 + rng.int(Math.min(3, c.payees.length)), true);
        return;
      }
    }
  }
  const kind: Kind = KINDS[rng.weighted(KIND_CUM)]!;
  switch (kind) {
    case 'card':
      return cardPayment(w, c, t, out);
    case 'app':
      return appSession(w, c, t, out, rng.chance(0.3) ? 1 : 0, false);
    case 'web':
      return webSession(w, c, t, out);
    case 'atm':
      return atmWithdrawal(w, c, t, out);
    case 'coupon':
      return couponSession(w, c, t, out);
    case 'travel':
      return startTrip(w, c, t, out);
    case 'device_change':
      return deviceChange(w, c, t, out);
    case 'phone_change':
      return phoneChange(w, c, t, out);
  }
}

function cardPayment(w: World, c: Customer, t: number, out: SimRecord[]): void {
  const rng = w.rng;
  const pop = w.pop;
  const org = pop.orgOf(c);
  const card = c.cards.length > 1 && rng.chance(0.2) ? c.cards[1]! : c.cards[0]!;
  const here = whereabouts(c, t);
  const away = here !== c.home;
  const r = rng.float();
  if (r < (away ? 0.15 : 0.35)) {
    // Online: 3-D Secure asks for a one-time code one purchase in four.
    const m = rng.chance(0.8) ? rng.pick(c.ecom) : pop.ecom[rng.int(pop.ecom.length)]!;
    const amount = Math.max(1, rng.logNormal(m.category.median, m.category.sigma) * c.spend);
    const ip = rng.chance(0.5) && !away ? c.homeIp : pop.mobileIp(here);
    let at = t;
    if (rng.chance(0.25)) {
      out.push(record(at, 'otp_request', otpData(c.phone, c.id, 'payment', c.device, ip, 'MOBILE', org), null));
      at += 8_000 + rng.int(30_000);
    }
    out.push(record(at, 'card_auth', cardOnline(card, c.id, amount, m, c.device, ip, org), null));
    return;
  }
  const m: Merchant = away || rng.chance(0.15) ? here.merchants[rng.int(here.merchants.length)]! : rng.pick(c.merchants);
  const amount = Math.max(1, rng.logNormal(m.category.median, m.category.sigma) * c.spend);
  if (rng.chance(0.3)) {
    out.push(record(t, 'card_auth', cardPresent(card, c.id, amount, m, 'MOBILE', 'token', c.device, pop.mobileIp(here), org), null));
  } else {
    const e = rng.float();
    out.push(record(t, 'card_auth', cardPresent(card, c.id, amount, m, 'POS', e < 0.55 ? 'chip' : e < 0.95 ? 'contactless' : 'swipe', null, null, org), null));
  }
}

/** Login on the customer's phone, occasionally with a mistyped password; then `transfers` transfers. */
function appSession(w: World, c: Customer, t: number, out: SimRecord[], transfers: number, bills: boolean): void {
  const rng = w.rng;
  const pop = w.pop;
  const org = pop.orgOf(c);
  const here = whereabouts(c, t);
  const ip = rng.chance(0.4) && here === c.home ? c.homeIp : pop.mobileIp(here);
  const lat = here === c.home ? c.lat : here.city.lat;
  const lon = here === c.home ? c.lon : here.city.lon;
  let at = t;
  const m = rng.float();
  if (m < 0.55) {
    out.push(record(at, 'login', loginData(c.id, c.device, ip, 'MOBILE', 'biometric', true, c.appAgent, lat, lon, org), null));
  } else if (m < 0.9) {
    if (rng.chance(0.05)) {
      out.push(record(at, 'login', loginData(c.id, c.device, ip, 'MOBILE', 'password', false, c.appAgent, lat, lon, org), null));
      at += 10_000 + rng.int(40_000);
      if (rng.chance(0.15)) {
        // Forgot the password: reset it with a code.
        out.push(record(at, 'otp_request', otpData(c.phone, c.id, 'password_reset', c.device, ip, 'MOBILE', org), null));
        at += 20_000 + rng.int(60_000);
        out.push(record(at, 'login', loginData(c.id, c.device, ip, 'MOBILE', 'otp', true, c.appAgent, lat, lon, org), null));
      } else {
        out.push(record(at, 'login', loginData(c.id, c.device, ip, 'MOBILE', 'password', true, c.appAgent, lat, lon, org), null));
      }
    } else {
      out.push(record(at, 'login', loginData(c.id, c.device, ip, 'MOBILE', 'password', true, c.appAgent, lat, lon, org), null));
    }
  } else {
    out.push(record(at, 'otp_request', otpData(c.phone, c.id, 'login', c.device, ip, 'MOBILE', org), null));
    at += 10_000 + rng.int(40_000);
    out.push(record(at, 'login', loginData(c.id, c.device, ip, 'MOBILE', 'otp', true, c.appAgent, lat, lon, org), null));
  }
  for (let k = 0; k < transfers; k++) {
    at += 30_000 + rng.int(150_000);
    at = transfer(w, c, at, out, 'MOBILE', c.device, ip, lat, lon, bills ? c.payees[k]! : null);
  }
  if (!bills && rng.chance(0.04)) {
    at += 20_000 + rng.int(100_000);
    claimCoupon(w, c, at, out, ip, lat, lon);
  }
}

/** A transfer to a usual payee (now and then a new one), with a one-time code when large or new. */
function transfer(w: World, c: Customer, t: number, out: SimRecord[], channel: 'MOBILE' | 'WEB', device: string | null, ip: string, lat: number, lon: number, payee: Payee | null): number {
  const rng = w.rng;
  const org = w.pop.orgOf(c);
  let p = payee;
  let isNew = false;
  if (p === null) {
    if (c.payees.length === 0 || rng.chance(0.06)) {
      p = rng.chance(0.5) ? w.pop.externalPayee() : w.pop.internalPayee(c);
      isNew = true;
      if (c.payees.length < 8 && rng.chance(0.6)) c.payees.push(p);
    } else p = rng.pick(c.payees);
  }
  let amount = Math.max(10, p.median * rng.logNormal(1, 0.5));
  amount = rng.chance(0.7) ? Math.round(amount / (amount > 1000 ? 100 : 10)) * (amount > 1000 ? 100 : 10) : money(amount);
  let at = t;
  if (isNew || amount >= 5000) {
    out.push(record(at, 'otp_request', otpData(c.phone, c.id, 'payment', device, ip, channel, org), null));
    at += 15_000 + rng.int(45_000);
  }
  out.push(record(at, 'transfer', transferData(c.id, c.accounts[0]!, p.account, p.name, p.bank, amount, channel, device, ip, c.phone, lat, lon, p.memo, org), null));
  return at;
}

function webSession(w: World, c: Customer, t: number, out: SimRecord[]): void {
  const rng = w.rng;
  if (c.webDevice === null || c.trip !== null) return appSession(w, c, t, out, rng.chance(0.3) ? 1 : 0, false);
  const org = w.pop.orgOf(c);
  let at = t;
  if (rng.chance(0.04)) {
    out.push(record(at, 'login', loginData(c.id, c.webDevice, c.homeIp, 'WEB', 'password', false, c.webAgent, c.lat, c.lon, org), null));
    at += 15_000 + rng.int(45_000);
  }
  out.push(record(at, 'login', loginData(c.id, c.webDevice, c.homeIp, 'WEB', rng.chance(0.35) ? 'qr' : 'password', true, c.webAgent, c.lat, c.lon, org), null));
  if (rng.chance(0.4)) {
    at += 60_000 + rng.int(240_000);
    transfer(w, c, at, out, 'WEB', c.webDevice, c.homeIp, c.lat, c.lon, null);
  }
}

function atmWithdrawal(w: World, c: Customer, t: number, out: SimRecord[]): void {
  const rng = w.rng;
  const here = whereabouts(c, t);
  let atm = here.atms[rng.int(here.atms.length)]!;
  if (here === c.home && atm.bankIdx !== c.bankIdx) {
    // People walk to their own bank's machine when there is one.
    const own = here.atms.find((a) => a.bankIdx === c.bankIdx);
    if (own && rng.chance(0.7)) atm = own;
  }
  const owner = here.city.country !== 'CN' ? 'foreign' : atm.bankIdx === c.bankIdx ? 'own' : 'other';
  const amount = Math.max(100, Math.round(rng.logNormal(800, 0.6) * c.spend / 100) * 100);
  const card = c.cards[0]!;
  out.push(record(t, 'atm_withdrawal', atmData(card, c.id, Math.min(amount, 20_000), atm.terminalId, owner, rng.chance(0.9) ? 'chip' : 'contactless', here.city.country, here.city.name, atm.lat, atm.lon, w.pop.orgOf(c)), null));
}

function couponSession(w: World, c: Customer, t: number, out: SimRecord[]): void {
  const rng = w.rng;
  const here = whereabouts(c, t);
  const ip = rng.chance(0.5) && here === c.home ? c.homeIp : w.pop.mobileIp(here);
  const lat = here === c.home ? c.lat : here.city.lat;
  const lon = here === c.home ? c.lon : here.city.lon;
  out.push(record(t, 'login', loginData(c.id, c.device, ip, 'MOBILE', 'biometric', true, c.appAgent, lat, lon, w.pop.orgOf(c)), null));
  claimCoupon(w, c, t + 20_000 + rng.int(90_000), out, ip, lat, lon);
}

function claimCoupon(w: World, c: Customer, t: number, out: SimRecord[], ip: string, lat: number, lon: number): void {
  const rng = w.rng;
  const age = Math.max(0, Math.floor((t - c.registeredAt) / DAY));
  const campaign = age < 7 && !c.claimedGift && rng.chance(0.5) ? NEW_USER_CAMPAIGN : ORDINARY_CAMPAIGNS[rng.weighted(ORDINARY_CUM)]!;
  if (campaign === NEW_USER_CAMPAIGN) c.claimedGift = true;
  out.push(record(t, 'coupon_claim', couponData(c.id, campaign.id, campaign.value, c.device, ip, c.phone, 'MOBILE', age, lat, lon, w.pop.orgOf(c)), null));
}

/** A trip: a ticket bought online now, departure within days, a stay of a few days, the way back. */
function startTrip(w: World, c: Customer, t: number, out: SimRecord[]): void {
  const rng = w.rng;
  const pop = w.pop;
  if (c.trip !== null) return cardPayment(w, c, t, out);
  let dest = rng.chance(0.2) ? pop.randomForeignCity() : pop.randomChineseCity();
  if (dest === c.home) dest = pop.randomForeignCity();
  const km = distanceKm(c.lat, c.lon, dest.city.lat, dest.city.lon);
  const hours = travelHours(km);
  const depart = t + Math.floor(rng.uniform(0.5, 10) * DAY);
  const arrive = depart + Math.floor(hours * HOUR);
  const leave = arrive + Math.floor(rng.uniform(1.5, 8) * DAY);
  c.trip = { city: dest, depart, arrive, leave, back: leave + Math.floor(hours * HOUR) };
  const ticket = pop.ticketing[km < 800 ? 1 + 2 * rng.int(3) : 2 * rng.int(3)]!;
  const amount = Math.max(50, (km < 800 ? 0.45 * km : 0.9 * km) * rng.logNormal(1, 0.3)) * 2;
  out.push(record(t, 'card_auth', cardOnline(c.cards[0]!, c.id, amount, ticket, c.device, pop.mobileIp(c.home), pop.orgOf(c)), null));
}

/** A new phone: a code to log in on it, and from then on the new device. */
function deviceChange(w: World, c: Customer, t: number, out: SimRecord[]): void {
  const rng = w.rng;
  const org = w.pop.orgOf(c);
  const here = whereabouts(c, t);
  c.device = deviceId(rng);
  const ip = here === c.home ? c.homeIp : w.pop.mobileIp(here);
  out.push(record(t, 'otp_request', otpData(c.phone, c.id, 'login', c.device, ip, 'MOBILE', org), null));
  out.push(record(t + 20_000 + rng.int(60_000), 'login', loginData(c.id, c.device, ip, 'MOBILE', 'otp', true, c.appAgent, c.lat, c.lon, org), null));
}

/** A new phone number, verified by a code to the new number, a face check or at the counter. */
function phoneChange(w: World, c: Customer, t: number, out: SimRecord[]): void {
  const rng = w.rng;
  const org = w.pop.orgOf(c);
  const old = c.phone;
  const next = mobilePhone(rng);
  c.phone = next;
  if (rng.chance(0.15)) {
    out.push(record(t, 'phone_change', phoneChangeData(c.id, old, next, null, null, 'COUNTER', 'counter_id', c.lat, c.lon, org), null));
    return;
  }
  const ip = w.pop.mobileIp(c.home);
  const face = rng.chance(0.35);
  if (!face) out.push(record(t, 'otp_request', otpData(next, c.id, 'phone_change', c.device, ip, 'MOBILE', org), null));
  out.push(record(face ? t : t + 30_000 + rng.int(60_000), 'phone_change', phoneChangeData(c.id, old, next, c.device, ip, 'MOBILE', face ? 'face' : 'sms_otp', c.lat, c.lon, org), null));
}

/** A new customer: a code to the phone, the registration, often the new-user coupon. */
function registration(w: World, c: Customer, t: number, out: SimRecord[]): void {
  const rng = w.rng;
  const org = w.pop.orgOf(c);
  const ip = rng.chance(0.5) ? c.homeIp : w.pop.mobileIp(c.home);
  const channel = rng.chance(0.85) ? 'MOBILE' : 'WEB';
  out.push(record(t, 'otp_request', otpData(c.phone, null, 'registration', c.device, ip, channel, org), null));
  let at = t + 30_000 + rng.int(90_000);
  const referral = rng.chance(0.15) ? w.pop.randomCustomer().referralCode : null;
  const id = residentId(rng, c.home.city.areaCode ?? '330106', 1955 + rng.int(50));
  out.push(record(at, 'registration', registrationData(c.id, c.phone, id, c.name, c.device, ip, channel, referral, c.lat, c.lon, org), null));
  if (rng.chance(0.45)) {
    c.claimedGift = true;
    at += MINUTE + rng.int(20 * MINUTE);
    out.push(record(at, 'coupon_claim', couponData(c.id, NEW_USER_CAMPAIGN.id, NEW_USER_CAMPAIGN.value, c.device, ip, c.phone, channel, 0, c.lat, c.lon, org), null));
  }
}
