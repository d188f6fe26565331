import { ListIndex, normaliseListValue, type ListDimension, type ListEntryData, type ListKind } from '@vigil/engine';

export interface DemoList {
  key: string;
  zh: string;
  en: string;
  kind: ListKind;
  dimension: ListDimension;
  /** Reference entries loaded with the list (bought intelligence, policy), never labels. */
  entries?: ReadonlyArray<{ value: string; reason: string }>;
}

/**
 * Networks of hosting providers, VPN exits and proxies commonly rented by attackers: the kind of
 * IP-intelligence feed a bank subscribes to. A login, an OTP request or an online card payment
 * from a data centre is not a customer on their own phone.
 */
const HOSTING_NETWORKS = [
  '45.83.0.0/16', '45.95.0.0/16', '103.152.0.0/16', '103.251.0.0/16', '185.220.0.0/16', '185.107.0.0/16', '194.26.0.0/16', '91.219.0.0/16',
  '5.188.0.0/16', '146.70.0.0/16', '23.106.0.0/16', '107.189.0.0/16', '89.248.0.0/16', '193.32.0.0/16', '38.54.0.0/16', '156.146.0.0/16',
];

/** The union-wide lists the default packs read (every bank sees them; banks add their own). */
export const DEMO_LISTS: readonly DemoList[] = [
  { key: 'vip_customers', zh: '白名单客户', en: 'Whitelisted customers', kind: 'white', dimension: 'customer' },
  { key: 'card_blacklist', zh: '卡黑名单', en: 'Card blacklist', kind: 'black', dimension: 'card' },
  { key: 'device_blacklist', zh: '设备黑名单', en: 'Device blacklist', kind: 'black', dimension: 'device' },
  { key: 'ip_blacklist', zh: 'IP 黑名单', en: 'IP blacklist', kind: 'black', dimension: 'ip' },
  { key: 'merchant_greylist', zh: '商户灰名单', en: 'Merchant greylist', kind: 'grey', dimension: 'merchant' },
  { key: 'payee_blacklist', zh: '收款账户黑名单', en: 'Payee blacklist', kind: 'black', dimension: 'account' },
  { key: 'payee_watchlist', zh: '收款账户观察名单', en: 'Payee watchlist', kind: 'grey', dimension: 'account' },
  { key: 'phone_blacklist', zh: '手机号黑名单', en: 'Phone blacklist', kind: 'black', dimension: 'phone' },
  { key: 'otp_blocked_phones', zh: '短信验证码限发号码', en: 'Phones barred from OTP', kind: 'black', dimension: 'phone' },
  { key: 'farm_devices', zh: '设备农场设备', en: 'Device-farm devices', kind: 'black', dimension: 'device' },
  {
    key: 'hosting_networks',
    zh: '机房/代理 IP 段',
    en: 'Hosting, VPN and proxy networks',
    kind: 'grey',
    dimension: 'cidr',
    entries: HOSTING_NETWORKS.map((value) => ({ value, reason: 'hosting provider or anonymiser (IP intelligence feed)' })),
  },
];

/** The union's defaults and one bank's override, readable by rules as `params.*` (org → key → value). */
export const DEMO_PARAMS: ReadonlyArray<readonly [string, string, unknown]> = [
  ['root', 'large_amount', 50000],
  ['root', 'night_start_hour', 0],
  ['bank_a', 'large_amount', 20000],
];

/** The params an org's rules read: the union's defaults overridden by each org down its chain. */
export function demoParams(orgChain: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const org of [...orgChain].reverse()) for (const [o, k, v] of DEMO_PARAMS) if (o === org) out[k] = v;
  return out;
}

/** A list's reference entries as stored: values normalised for lookups, shown as written. */
export function referenceEntries(l: DemoList, orgId: string, at: number): ListEntryData[] {
  return (l.entries ?? []).map((e) => ({ value: normaliseListValue(l.dimension, e.value), display: e.value, reason: e.reason, source: 'reference', expiresAt: null, orgId, createdBy: 'system', createdAt: at }));
}

/** The demo's lists in memory, owned by the union, with their reference entries (list id = key). */
export function demoListIndex(): ListIndex {
  const index = new ListIndex();
  for (const l of DEMO_LISTS) {
    index.upsertList({ id: l.key, key: l.key, kind: l.kind, dimension: l.dimension, orgId: 'root' });
    index.setEntries(l.key, referenceEntries(l, 'root', 0));
  }
  return index;
}
