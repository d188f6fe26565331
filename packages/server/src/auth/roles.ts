import { CHANNEL_PERMISSIONS, PERMISSIONS, type Permission } from './principal.ts';

export interface RoleDef {
  id: string;
  name: { zh: string; en: string };
  permissions: Permission[];
  builtIn: boolean;
}

const READ: Permission[] = ['decision.read', 'event_type.read', 'strategy.read', 'list.read', 'org.read', 'param.read'];

/** The built-in roles of the spec; custom roles are built from the same permission catalogue. */
export const BUILT_IN_ROLES: readonly RoleDef[] = [
  { id: 'system_admin', name: { zh: '系统管理员', en: 'System administrator' }, permissions: [...PERMISSIONS], builtIn: true },
  {
    id: 'org_admin',
    name: { zh: '机构管理员', en: 'Organisation administrator' },
    permissions: [...READ, 'user.read', 'user.manage', 'role.manage', 'org.manage', 'param.write', 'api_key.manage', 'webhook.manage', 'list.write', 'list.export', 'decision.export', 'audit.read', 'alert.read', 'alert.handle', 'alert.assign', 'alert.configure', 'case.read', 'case.configure'],
    builtIn: true,
  },
  { id: 'strategy_analyst', name: { zh: '策略分析师', en: 'Strategy analyst' }, permissions: [...READ, 'strategy.edit', 'backtest.run', 'label.write', 'list.write', 'decision.export', 'report.read'], builtIn: true },
  { id: 'strategy_approver', name: { zh: '策略审批人', en: 'Strategy approver' }, permissions: [...READ, 'strategy.approve', 'strategy.deploy', 'backtest.run', 'model.read', 'model.approve'], builtIn: true },
  { id: 'model_developer', name: { zh: '模型开发', en: 'Model developer' }, permissions: [...READ, 'model.read', 'model.edit', 'backtest.run', 'label.write', 'alert.read', 'alert.handle'], builtIn: true },
  { id: 'alert_handler', name: { zh: '预警处置员', en: 'Alert handler' }, permissions: ['decision.read', 'list.read', 'alert.read', 'alert.handle', 'pii.read'], builtIn: true },
  { id: 'investigator', name: { zh: '调查员', en: 'Investigator' }, permissions: ['decision.read', 'list.read', 'list.write', 'alert.read', 'case.read', 'case.investigate', 'pii.read'], builtIn: true },
  { id: 'case_reviewer', name: { zh: '案件复核员', en: 'Case reviewer' }, permissions: ['decision.read', 'alert.read', 'case.read', 'case.review', 'label.write', 'pii.read'], builtIn: true },
  { id: 'auditor', name: { zh: '审计员（只读）', en: 'Auditor (read-only)' }, permissions: [...READ, 'user.read', 'audit.read', 'decision.export', 'alert.read', 'case.read', 'report.read', 'model.read', 'system.read'], builtIn: true },
  { id: 'channel_system', name: { zh: '渠道系统', en: 'Channel system (API client)' }, permissions: [...CHANNEL_PERMISSIONS], builtIn: true },
];

export function builtInRole(id: string): RoleDef | undefined {
  return BUILT_IN_ROLES.find((r) => r.id === id);
}
