import type { StrategyPackage } from '@vigil/engine';

/** Example login strategy: credential stuffing, brute force, new device and impossible travel. */
export function loginStrategy(ipReputationUrl: string): StrategyPackage {
  return {
    id: 'login_default',
    name: { zh: '登录默认策略', en: 'Login default strategy' },
    eventType: 'login',
    direction: 'in',
    variables: [{ name: 'password_login', expr: "event.method == 'password'" }],
    features: [
      { kind: 'velocity', name: 'failed_by_customer_10m', agg: 'count', by: ['customer_id'], window: '10m', eventTypes: ['login'], filter: '!event.success' },
      { kind: 'velocity', name: 'customers_by_ip_10m', agg: 'distinct', field: 'customer_id', by: ['ip'], window: '10m', eventTypes: ['login'] },
      { kind: 'velocity', name: 'failed_by_ip_10m', agg: 'count', by: ['ip'], window: '10m', eventTypes: ['login'], filter: '!event.success' },
      { kind: 'profile', name: 'new_device', by: ['customer_id'], field: 'device_id', stat: 'isNew', window: '90d', eventTypes: ['login', 'transfer'] },
      { kind: 'geo', name: 'login_geo', by: ['customer_id'], field: 'location', eventTypes: ['login'] },
    ],
    lists: ['ip_blacklist', 'device_blacklist'],
    rules: [
      {
        id: 'credential_stuffing',
        name: { zh: '撞库攻击', en: 'Credential stuffing' },
        condition: 'features.customers_by_ip_10m >= 5 && features.failed_by_ip_10m >= 5',
        outcome: 'reject',
        score: 70,
        riskLevel: 'high',
        reasonCode: 'CREDENTIAL_STUFFING',
        enabled: true,
        mode: 'live',
        actions: [{ type: 'add_to_list', list: 'ip_blacklist', field: 'ip', expiresIn: '1d', reason: 'credential stuffing' }],
      },
      {
        id: 'brute_force',
        name: { zh: '密码暴力破解', en: 'Password brute force' },
        condition: 'vars.password_login && features.failed_by_customer_10m >= 5',
        outcome: 'challenge',
        challenge: ['sms_otp'],
        score: 40,
        riskLevel: 'high',
        reasonCode: 'BRUTE_FORCE',
        enabled: true,
        mode: 'live',
      },
      {
        id: 'new_device_login',
        name: { zh: '新设备登录', en: 'Login from a new device' },
        condition: 'has(event.device_id) && features.new_device',
        score: 20,
        riskLevel: 'low',
        reasonCode: 'NEW_DEVICE',
        enabled: true,
        mode: 'live',
      },
      {
        id: 'login_travel',
        name: { zh: '登录地点跳变', en: 'Login location jump' },
        condition: 'features.login_geo != null && features.login_geo.speedKmh > 1000.0',
        score: 30,
        riskLevel: 'medium',
        reasonCode: 'LOGIN_GEO_JUMP',
        enabled: true,
        mode: 'live',
      },
      {
        id: 'ip_bad_reputation',
        name: { zh: 'IP 信誉差', en: 'Bad IP reputation' },
        condition: 'data.ip_reputation != null && data.ip_reputation.score >= 80.0',
        outcome: 'challenge',
        score: 30,
        riskLevel: 'high',
        reasonCode: 'IP_REPUTATION',
        enabled: true,
        mode: 'live',
      },
    ],
    ruleSets: [
      { id: 'login_rules', rules: ['credential_stuffing', 'brute_force', 'new_device_login', 'login_travel'] },
      { id: 'reputation_rules', rules: ['ip_bad_reputation'] },
    ],
    models: [
      {
        kind: 'logistic',
        id: 'ato_lr',
        intercept: -3.5,
        coefficients: [
          { input: 'features.new_device ? 1.0 : 0.0', weight: 1.2 },
          { input: 'double(features.failed_by_customer_10m)', weight: 0.5 },
          { input: 'double(features.customers_by_ip_10m)', weight: 0.2 },
        ],
        output: 'probability',
      },
    ],
    dataSources: [
      { id: 'ip_reputation', url: ipReputationUrl, method: 'POST', request: '{"ip": event.ip}', timeoutMs: 20, cacheTtlSec: 86400, costPerCall: 0.05, fallback: null },
    ],
    tables: [
      {
        id: 'login_table',
        kind: 'rows',
        rows: [{ when: 'models.ato_lr > 0.6', outcome: 'challenge', riskLevel: 'high', reasonCode: 'ATO_MODEL', challenge: ['sms_otp'] }],
        defaultOutcome: 'pass',
      },
    ],
    flow: {
      stages: [
        {
          id: 'lists',
          type: 'list',
          checks: [
            { list: 'ip_blacklist', value: 'event.ip', outcome: 'reject', reasonCode: 'IP_BLACKLIST', stop: true, riskLevel: 'high' },
            { list: 'device_blacklist', value: "has(event.device_id) ? event.device_id : ''", outcome: 'reject', reasonCode: 'DEVICE_BLACKLIST', stop: true, riskLevel: 'critical' },
          ],
        },
        { id: 'rules', type: 'rules', ruleSet: 'login_rules', mode: 'all', exitOn: ['reject'] },
        { id: 'route', type: 'branch', branches: [{ when: 'features.new_device && vars.password_login', next: 'reputation' }], default: 'model' },
        { id: 'reputation', type: 'datasource', source: 'ip_reputation' },
        { id: 'reputation_rules', type: 'rules', ruleSet: 'reputation_rules', mode: 'first' },
        { id: 'model', type: 'model', model: 'ato_lr' },
        { id: 'score', type: 'score', bands: [{ min: -100000, max: 50, outcome: 'pass', riskLevel: 'low' }, { min: 50, outcome: 'challenge', riskLevel: 'high', challenge: ['sms_otp'] }] },
        { id: 'table', type: 'table', table: 'login_table' },
      ],
    },
  };
}
