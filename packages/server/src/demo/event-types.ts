import type { EventTypeDef } from '@vigil/engine';

const precedence: EventTypeDef['outcomePrecedence'] = ['pass', 'review', 'challenge', 'reject'];
const location = { type: 'geo', description: 'Where the event happened' } as const;

/** Card authorisations from POS, ATM and e-commerce acquiring. */
export const cardAuth: EventTypeDef = {
  key: 'card_auth',
  name: { zh: '银行卡授权', en: 'Card authorisation' },
  scenario: 'payment',
  channels: ['POS', 'ATM', 'ECOM', 'MOBILE'],
  fields: {
    card: { type: 'string', required: true, description: 'Card number (tokenised on entry)' },
    customer_id: { type: 'string', required: true },
    account_id: { type: 'string' },
    amount: { type: 'number', required: true, description: 'Amount in the transaction currency' },
    currency: { type: 'string', maxLength: 3 },
    merchant_id: { type: 'string' },
    mcc: { type: 'string', maxLength: 4, description: 'Merchant category code' },
    terminal_id: { type: 'string' },
    channel: { type: 'enum', values: ['POS', 'ATM', 'ECOM', 'MOBILE'], required: true },
    entry_mode: { type: 'enum', values: ['chip', 'swipe', 'contactless', 'manual', 'ecom', 'token'] },
    country: { type: 'string', maxLength: 2, description: 'ISO 3166 country of the merchant' },
    city: { type: 'string' },
    location,
    device_id: { type: 'string' },
    ip: { type: 'string', maxLength: 45 },
    org: { type: 'string', required: true, description: 'Issuing legal entity' },
  },
  entityFields: { card: 'card', customer_id: 'customer', account_id: 'account', merchant_id: 'merchant', terminal_id: 'terminal', device_id: 'device', ip: 'ip' },
  sensitiveFields: { card: 'pan' },
  orgField: 'org',
  latencyBudgetMs: 50,
  fallbackOutcome: 'pass',
  outcomePrecedence: precedence,
};

/** Outbound transfers from mobile, internet banking and the counter. */
export const transfer: EventTypeDef = {
  key: 'transfer',
  name: { zh: '转账', en: 'Transfer' },
  scenario: 'transfer',
  channels: ['MOBILE', 'WEB', 'COUNTER', 'API'],
  fields: {
    customer_id: { type: 'string', required: true },
    from_account: { type: 'string', required: true },
    to_account: { type: 'string', required: true },
    payee_name: { type: 'string' },
    payee_bank: { type: 'string' },
    amount: { type: 'number', required: true },
    currency: { type: 'string', maxLength: 3 },
    channel: { type: 'enum', values: ['MOBILE', 'WEB', 'COUNTER', 'API'], required: true },
    device_id: { type: 'string' },
    ip: { type: 'string', maxLength: 45 },
    phone: { type: 'string', maxLength: 20 },
    location,
    memo: { type: 'string', maxLength: 140 },
    org: { type: 'string', required: true },
  },
  entityFields: { customer_id: 'customer', from_account: 'account', to_account: 'payee', device_id: 'device', ip: 'ip', phone: 'phone' },
  // Personal data: kept as sent, shown masked to roles without pii.read.
  sensitiveFields: { phone: 'phone', payee_name: 'name' },
  orgField: 'org',
  latencyBudgetMs: 80,
  fallbackOutcome: 'review',
  outcomePrecedence: precedence,
};

/** Logins to mobile and internet banking. */
export const login: EventTypeDef = {
  key: 'login',
  name: { zh: '登录', en: 'Login' },
  scenario: 'login',
  channels: ['MOBILE', 'WEB'],
  fields: {
    customer_id: { type: 'string', required: true },
    device_id: { type: 'string' },
    ip: { type: 'string', maxLength: 45, required: true },
    channel: { type: 'enum', values: ['MOBILE', 'WEB'], required: true },
    method: { type: 'enum', values: ['password', 'otp', 'biometric', 'qr'], required: true },
    success: { type: 'boolean', required: true },
    user_agent: { type: 'string', maxLength: 512 },
    location,
    org: { type: 'string', required: true },
  },
  entityFields: { customer_id: 'customer', device_id: 'device', ip: 'ip' },
  sensitiveFields: {},
  orgField: 'org',
  latencyBudgetMs: 50,
  fallbackOutcome: 'pass',
  outcomePrecedence: precedence,
};

export const demoEventTypes = [cardAuth, transfer, login];
