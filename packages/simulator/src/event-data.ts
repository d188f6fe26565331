/**
 * Builders of event data in the field order of the demo's event types (see the server's
 * `demo/event-types.ts`). Positional parameters and fixed key order keep the objects cheap to
 * create and the NDJSON byte-identical for a seed. Optional fields passed as null are left out.
 */
import type { Card, Merchant } from './population.ts';

export type Channel = 'POS' | 'ATM' | 'ECOM' | 'MOBILE' | 'WEB' | 'COUNTER' | 'API';

export function money(x: number): number {
  return Math.round(x * 100) / 100;
}

/** A card-present authorisation (POS, or MOBILE for a phone wallet at the till). */
export function cardPresent(card: Card, customerId: string, amount: number, m: Merchant, channel: 'POS' | 'MOBILE', entryMode: string, device: string | null, ip: string | null, org: string): Record<string, unknown> {
  const d: Record<string, unknown> = {
    card: card.pan,
    customer_id: customerId,
    account_id: card.account,
    amount: money(amount),
    currency: 'CNY',
    merchant_id: m.id,
    mcc: m.category.mcc,
    terminal_id: m.terminals[0]!,
    channel,
    entry_mode: entryMode,
    country: m.country,
    city: m.city!.city.name,
    location: { lat: m.lat, lon: m.lon },
  };
  if (device !== null) d.device_id = device;
  if (ip !== null) d.ip = ip;
  d.org = org;
  return d;
}

/** A card-not-present authorisation at an online merchant. */
export function cardOnline(card: Card, customerId: string, amount: number, m: Merchant, device: string, ip: string, org: string): Record<string, unknown> {
  return {
    card: card.pan,
    customer_id: customerId,
    account_id: card.account,
    amount: money(amount),
    currency: 'CNY',
    merchant_id: m.id,
    mcc: m.category.mcc,
    channel: 'ECOM',
    entry_mode: 'ecom',
    country: m.country,
    device_id: device,
    ip,
    org,
  };
}

export function atmData(card: Card, customerId: string, amount: number, terminalId: string, owner: 'own' | 'other' | 'foreign', entryMode: string, country: string, city: string, lat: number, lon: number, org: string): Record<string, unknown> {
  return {
    card: card.pan,
    customer_id: customerId,
    account_id: card.account,
    amount,
    currency: 'CNY',
    terminal_id: terminalId,
    atm_owner: owner,
    channel: 'ATM',
    entry_mode: entryMode,
    country,
    city,
    location: { lat, lon },
    org,
  };
}

export function transferData(
  customerId: string,
  from: string,
  to: string,
  payeeName: string,
  payeeBank: string,
  amount: number,
  channel: 'MOBILE' | 'WEB' | 'COUNTER',
  device: string | null,
  ip: string | null,
  phone: string,
  lat: number,
  lon: number,
  memo: string,
  org: string,
): Record<string, unknown> {
  const d: Record<string, unknown> = { customer_id: customerId, from_account: from, to_account: to, payee_name: payeeName, payee_bank: payeeBank, amount: money(amount), currency: 'CNY', channel };
  if (device !== null) d.device_id = device;
  if (ip !== null) d.ip = ip;
  d.phone = phone;
  d.location = { lat, lon };
  if (memo !== '') d.memo = memo;
  d.org = org;
  return d;
}

export function loginData(customerId: string, device: string | null, ip: string, channel: 'MOBILE' | 'WEB', method: 'password' | 'otp' | 'biometric' | 'qr', success: boolean, userAgent: string, lat: number, lon: number, org: string): Record<string, unknown> {
  const d: Record<string, unknown> = { customer_id: customerId };
  if (device !== null) d.device_id = device;
  d.ip = ip;
  d.channel = channel;
  d.method = method;
  d.success = success;
  d.user_agent = userAgent;
  d.location = { lat, lon };
  d.org = org;
  return d;
}

export function otpData(phone: string, customerId: string | null, purpose: 'login' | 'registration' | 'payment' | 'phone_change' | 'password_reset', device: string | null, ip: string, channel: 'MOBILE' | 'WEB', org: string): Record<string, unknown> {
  const d: Record<string, unknown> = { phone };
  if (customerId !== null) d.customer_id = customerId;
  d.purpose = purpose;
  if (device !== null) d.device_id = device;
  d.ip = ip;
  d.channel = channel;
  d.org = org;
  return d;
}

export function registrationData(customerId: string, phone: string, idNumber: string, name: string, device: string, ip: string, channel: 'MOBILE' | 'WEB', referral: string | null, lat: number, lon: number, org: string): Record<string, unknown> {
  const d: Record<string, unknown> = { customer_id: customerId, phone, id_number: idNumber, name, device_id: device, ip, channel };
  if (referral !== null) d.referral_code = referral;
  d.location = { lat, lon };
  d.org = org;
  return d;
}

export function phoneChangeData(customerId: string, oldPhone: string, newPhone: string, device: string | null, ip: string | null, channel: 'MOBILE' | 'WEB' | 'COUNTER', verification: 'sms_otp' | 'face' | 'counter_id' | 'none', lat: number, lon: number, org: string): Record<string, unknown> {
  const d: Record<string, unknown> = { customer_id: customerId, old_phone: oldPhone, new_phone: newPhone };
  if (device !== null) d.device_id = device;
  if (ip !== null) d.ip = ip;
  d.channel = channel;
  d.verification = verification;
  d.location = { lat, lon };
  d.org = org;
  return d;
}

export function couponData(customerId: string, campaignId: string, value: number, device: string, ip: string, phone: string, channel: 'MOBILE' | 'WEB', accountAgeDays: number, lat: number, lon: number, org: string): Record<string, unknown> {
  return { customer_id: customerId, campaign_id: campaignId, coupon_value: value, device_id: device, ip, phone, channel, account_age_days: accountAgeDays, location: { lat, lon }, org };
}
