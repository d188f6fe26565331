import { randomUUID } from 'node:crypto';
import { insertQueue, upsertCategory, type AlertQueue } from '../repos/alert-config.ts';
import type { OrgData } from '../repos/scoped.ts';
import { ROOT_ORG } from '../runtime/org-directory.ts';

/** The categories the default packs raise, with how each merges (the union's settings, for every bank). */
const CATEGORIES: Array<[key: string, zh: string, en: string, mergeBy: string[], windowMinutes: number]> = [
  ['card_testing', '盗卡测试', 'Card testing', ['card'], 60],
  ['counterfeit_card', '伪卡交易', 'Counterfeit card', ['card'], 1440],
  ['account_takeover', '账户盗用', 'Account takeover', ['customer', 'account'], 240],
  ['scam', '电信诈骗', 'Telecom fraud', ['customer', 'account'], 1440],
  ['money_mule', '涉诈账户（资金过渡）', 'Money mule', ['account', 'customer'], 1440],
  ['credential_stuffing', '撞库登录', 'Credential stuffing', ['device', 'ip', 'customer'], 60],
  ['marketing_abuse', '营销薅羊毛', 'Marketing abuse', ['device', 'customer'], 1440],
  ['sms_bombing', '短信轰炸', 'SMS bombing', ['phone', 'device'], 60],
  ['phone_change_reject', '改绑手机拒绝', 'Phone change refused', ['customer'], 240],
  ['transfer_reject', '转账拒绝', 'Transfer refused', ['customer', 'account'], 240],
  ['atm_reject', 'ATM 取款拒绝', 'ATM withdrawal refused', ['card'], 240],
  ['card_reject', '银行卡交易拒绝', 'Card payment refused', ['card'], 240],
];

const SLA = { critical: 15, high: 60, medium: 240, low: 1440 };

/** Per bank: a card-fraud desk (round-robin), a general desk (least-loaded) escalating to supervisors. */
function bankQueues(bank: string, zh: string, en: string): Array<Omit<AlertQueue, 'createdAt' | 'updatedAt'>> {
  const supervisors = randomUUID();
  return [
    { id: randomUUID(), orgId: bank, name: { zh: `${zh}银行卡欺诈组`, en: `${en} card fraud desk` }, position: 10, filters: { categories: ['card_testing', 'counterfeit_card', 'atm_reject', 'card_reject'] }, roles: ['alert_handler'], assignment: 'round_robin', slaMinutes: SLA, escalateTo: supervisors, enabled: true, updatedBy: 'system' },
    { id: randomUUID(), orgId: bank, name: { zh: `${zh}综合预警组`, en: `${en} general alerts` }, position: 20, filters: {}, roles: ['alert_handler'], assignment: 'least_loaded', slaMinutes: SLA, escalateTo: supervisors, enabled: true, updatedBy: 'system' },
    { id: supervisors, orgId: bank, name: { zh: `${zh}超时升级（主管）`, en: `${en} escalations (supervisors)` }, position: 90, filters: { levels: [] }, roles: ['org_admin'], assignment: 'manual', slaMinutes: { critical: 30, high: 120, medium: 480, low: 2880 }, escalateTo: null, enabled: true, updatedBy: 'system' },
  ];
}

/** Seeds the alert center of the demo: category settings at the union, queues per bank. */
export async function seedAlertCenter(data: OrgData, banks: Array<{ id: string; zh: string; en: string }>): Promise<void> {
  for (const [key, zh, en, mergeBy, windowMinutes] of CATEGORIES) {
    await upsertCategory(data, { orgId: ROOT_ORG, key, name: { zh, en }, description: '', mergeBy, windowMinutes, updatedBy: 'system' });
  }
  for (const b of banks) {
    // Inserted supervisors first: the desks escalate to it.
    const [card, general, sup] = bankQueues(b.id, b.zh, b.en);
    for (const q of [sup!, card!, general!]) await insertQueue(data, q);
  }
}
