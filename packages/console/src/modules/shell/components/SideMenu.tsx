import { useMemo, type ReactNode } from 'react';
import { Menu, type MenuProps } from 'antd';
import {
  AlertOutlined,
  ApartmentOutlined,
  ApiOutlined,
  AuditOutlined,
  BarChartOutlined,
  BranchesOutlined,
  ClusterOutlined,
  DatabaseOutlined,
  ExperimentOutlined,
  FileSearchOutlined,
  FolderOpenOutlined,
  FunctionOutlined,
  HomeOutlined,
  KeyOutlined,
  LineChartOutlined,
  LoginOutlined,
  MessageOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
  SlidersOutlined,
  TeamOutlined,
  UnorderedListOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { useLocation, useNavigate } from 'react-router';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { usePermissions } from '../../session/hooks/use-permissions.ts';
import { isNavGroup, NAV_ITEMS, pageOfPath, visibleNav } from '../nav-items.ts';

const ICONS: Record<string, ReactNode> = {
  home: <HomeOutlined />,
  monitoring: <LineChartOutlined />,
  decisions: <FileSearchOutlined />,
  entity: <UserOutlined />,
  strategies: <BranchesOutlined />,
  eventTypes: <DatabaseOutlined />,
  lists: <UnorderedListOutlined />,
  features: <FunctionOutlined />,
  models: <ExperimentOutlined />,
  alerts: <AlertOutlined />,
  cases: <FolderOpenOutlined />,
  reports: <BarChartOutlined />,
  admin: <SettingOutlined />,
  'admin.orgs': <ApartmentOutlined />,
  'admin.users': <TeamOutlined />,
  'admin.roles': <SafetyCertificateOutlined />,
  'admin.params': <SlidersOutlined />,
  'admin.apiKeys': <KeyOutlined />,
  'admin.webhooks': <ApiOutlined />,
  'admin.smsTemplates': <MessageOutlined />,
  'admin.loginLog': <LoginOutlined />,
  'admin.auditLog': <AuditOutlined />,
};

/** The side menu: only the pages the signed-in user's permissions open. */
export function SideMenu({ collapsed }: { collapsed: boolean }) {
  const { t } = useI18n();
  const permissions = usePermissions();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const nav = useMemo(() => visibleNav(NAV_ITEMS, permissions), [permissions]);
  const items: MenuProps['items'] = nav.map((item) =>
    isNavGroup(item)
      ? {
          key: item.key,
          icon: ICONS[item.key] ?? <ClusterOutlined />,
          label: <span data-testid={`nav-${item.key}`}>{t(item.labelKey)}</span>,
          children: item.children.map((c) => ({ key: c.key, icon: ICONS[c.key], label: <span data-testid={`nav-${c.key}`}>{t(c.labelKey)}</span>, onClick: () => void navigate(c.path) })),
        }
      : { key: item.key, icon: ICONS[item.key], label: <span data-testid={`nav-${item.key}`}>{t(item.labelKey)}</span>, onClick: () => void navigate(item.path) },
  );
  const current = pageOfPath(pathname);
  const openGroup = current?.key.includes('.') ? [current.key.split('.')[0]!] : [];
  return <Menu theme="dark" mode="inline" items={items} selectedKeys={current ? [current.key] : []} defaultOpenKeys={collapsed ? [] : openGroup} data-testid="side-menu" />;
}
