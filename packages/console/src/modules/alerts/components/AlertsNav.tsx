import { Menu } from 'antd';
import { InboxOutlined, SearchOutlined, SettingOutlined, TeamOutlined } from '@ant-design/icons';
import { useLocation, useNavigate } from 'react-router';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { usePermissions } from '../../session/hooks/use-permissions.ts';
import { alertsSection } from '../utils/alerts-section.ts';

/** The alert center's own navigation: my queue, team queues, search and (for configurers) administration. */
export function AlertsNav() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const permissions = usePermissions();
  const items = [
    { key: 'queue', path: '/alerts', icon: <InboxOutlined />, label: t('alerts.nav.myQueue') },
    { key: 'queues', path: '/alerts/queues', icon: <TeamOutlined />, label: t('alerts.nav.teamQueues') },
    { key: 'search', path: '/alerts/search', icon: <SearchOutlined />, label: t('alerts.nav.search') },
    ...(permissions.has('alert.configure') ? [{ key: 'admin', path: '/alerts/admin', icon: <SettingOutlined />, label: t('alerts.nav.admin') }] : []),
  ];
  const section = alertsSection(pathname);
  return (
    <Menu
      mode="horizontal"
      data-testid="alerts-nav"
      style={{ marginBottom: 16, background: 'transparent' }}
      selectedKeys={section ? [section] : []}
      items={items.map((i) => ({ key: i.key, icon: i.icon, label: <span data-testid={`alerts-nav-${i.key}`}>{i.label}</span>, onClick: () => void navigate(i.path) }))}
    />
  );
}
