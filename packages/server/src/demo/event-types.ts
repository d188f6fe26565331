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

/** Cash withdrawals at ATMs (own and other banks' machines, at home and abroad). */
export const atmWithdrawal: EventTypeDef = {
  key: 'atm_withdrawal',
  name: { zh: 'ATM取款', en: 'ATM withdrawal' },
  scenario: 'payment',
  channels: ['ATM'],
  fields: {
    card: { type: 'string', required: true, description: 'Card number (tokenised on entry)' },
    customer_id: { type: 'string', required: true },
    account_id: { type: 'string' },
    amount: { type: 'number', required: true },
    currency: { type: 'string', maxLength: 3 },
    terminal_id: { type: 'string', required: true },
    atm_owner: { type: 'enum', values: ['own', 'other', 'foreign'], description: 'Whose machine' },
    channel: { type: 'enum', values: ['ATM'], required: true },
    entry_mode: { type: 'enum', values: ['chip', 'swipe', 'contactless'] },
    country: { type: 'string', maxLength: 2 },
    city: { type: 'string' },
    location,
    org: { type: 'string', required: true, description: 'Issuing legal entity' },
  },
  entityFields: { card: 'card', customer_id: 'customer', account_id: 'account', terminal_id: 'terminal' },
  sensitiveFields: { card: 'pan' },
  orgField: 'org',
  latencyBudgetMs: 50,
  fallbackOutcome: 'pass',
  outcomePrecedence: precedence,
};

/** New customer registrations in the app or on the web (marketing abuse starts here). */
export const registration: EventTypeDef = {
  key: 'registration',
  name: { zh: '注册', en: 'Registration' },
  scenario: 'account',
  channels: ['MOBILE', 'WEB'],
  fields: {
    customer_id: { type: 'string', required: true },
    phone: { type: 'string', maxLength: 20, required: true },
    id_number: { type: 'string', maxLength: 32 },
    name: { type: 'string', maxLength: 64 },
    device_id: { type: 'string' },
    ip: { type: 'string', maxLength: 45 },
    channel: { type: 'enum', values: ['MOBILE', 'WEB'], required: true },
    referral_code: { type: 'string', maxLength: 32 },
    location,
    org: { type: 'string', required: true },
  },
  entityFields: { customer_id: 'customer', phone: 'phone', id_number: 'id_number', device_id: 'device', ip: 'ip' },
  sensitiveFields: { phone: 'phone', id_number: 'id_number', name: 'name' },
  orgField: 'org',
  latencyBudgetMs: 80,
  fallbackOutcome: 'pass',
  outcomePrecedence: precedence,
};

/** A change of the phone number bound to an account (a step of account takeover). */
export const phoneChange: EventTypeDef = {
  key: 'phone_change',
  name: { zh: '手机号变更', en: 'Phone number change' },
  scenario: 'account',
  channels: ['MOBILE', 'WEB', 'COUNTER'],
  fields: {
    customer_id: { type: 'string', required: true },
    old_phone: { type: 'string', maxLength: 20 },
    new_phone: { type: 'string', maxLength: 20, required: true },
    device_id: { type: 'string' },
    ip: { type: 'string', maxLength: 45 },
    channel: { type: 'enum', values: ['MOBILE', 'WEB', 'COUNTER'], required: true },
    verification: { type: 'enum', values: ['sms_otp', 'face', 'counter_id', 'none'] },
    location,
    org: { type: 'string', required: true },
  },
  entityFields: { customer_id: 'customer', new_phone: 'phone', device_id: 'device', ip: 'ip' },
  sensitiveFields: { old_phone: 'phone', new_phone: 'phone' },
  orgField: 'org',
  latencyBudgetMs: 80,
  fallbackOutcome: 'review',
  outcomePrecedence: precedence,
};

/** Coupon and cash-back claims of marketing campaigns. */
export const couponClaim: EventTypeDef = {
  key: 'coupon_claim',
  name: { zh: '领券', en: 'Coupon claim' },
  scenario: 'marketing',
  channels: ['MOBILE', 'WEB'],
  fields: {
    customer_id: { type: 'string', required: true },
    campaign_id: { type: 'string', required: true },
    coupon_value: { type: 'number', required: true },
    device_id: { type: 'string' },
    ip: { type: 'string', maxLength: 45 },
    phone: { type: 'string', maxLength: 20 },
    channel: { type: 'enum', values: ['MOBILE', 'WEB'], required: true },
    account_age_days: { type: 'integer', description: 'Days since the customer registered' },
    location,
    org: { type: 'string', required: true },
  },
  entityFields: { customer_id: 'customer', campaign_id: 'campaign', device_id: 'device', ip: 'ip', phone: 'phone' },
  sensitiveFields: { phone: 'phone' },
  orgField: 'org',
  latencyBudgetMs: 50,
  fallbackOutcome: 'pass',
  outcomePrecedence: precedence,
};

/** Requests to send a one-time code by SMS (SMS bombing floods one number with them). */
export const otpRequest: EventTypeDef = {
  key: 'otp_request',
  name: { zh: '短信验证码请求', en: 'OTP request' },
  scenario: 'messaging',
  channels: ['MOBILE', 'WEB'],
  fields: {
    phone: { type: 'string', maxLength: 20, required: true },
    customer_id: { type: 'string' },
    purpose: { type: 'enum', values: ['login', 'registration', 'payment', 'phone_change', 'password_reset'], required: true },
    device_id: { type: 'string' },
    ip: { type: 'string', maxLength: 45 },
    channel: { type: 'enum', values: ['MOBILE', 'WEB'], required: true },
    org: { type: 'string', required: true },
  },
  entityFields: { phone: 'phone', customer_id: 'customer', device_id: 'device', ip: 'ip' },
  sensitiveFields: { phone: 'phone' },
  orgField: 'org',
  latencyBudgetMs: 30,
  fallbackOutcome: 'pass',
  outcomePrecedence: precedence,
};

export const demoEventTypes = [cardAuth, transfer, login, atmWithdrawal, registration, phoneChange, couponClaim, otpRequest];
