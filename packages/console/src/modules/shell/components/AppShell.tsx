import { Suspense, useState } from 'react';
import { Button, Layout, Space, Spin, Typography, theme } from 'antd';
import { MenuFoldOutlined, MenuUnfoldOutlined } from '@ant-design/icons';
import { Outlet } from 'react-router';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { OrgSwitcher } from '../../org-scope/components/OrgSwitcher.tsx';
import { OrgScopeProvider } from '../../org-scope/OrgScopeProvider.tsx';
import { BrandMark } from './BrandMark.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { SideMenu } from './SideMenu.tsx';
import { UserMenu } from './UserMenu.tsx';

/** The signed-in console: side menu, header (org, language, user) and the current page. */
export function AppShell() {
  const { t } = useI18n();
  const [collapsed, setCollapsed] = useState(false);
  const { token } = theme.useToken();
  return (
    <OrgScopeProvider>
      <Layout style={{ minHeight: '100vh' }} data-testid="app-shell">
        <Layout.Sider collapsible collapsed={collapsed} trigger={null} width={220} breakpoint="lg" onBreakpoint={setCollapsed}>
          <div style={{ height: 56, display: 'flex', alignItems: 'center', gap: 10, padding: collapsed ? '0 26px' : '0 20px', overflow: 'hidden' }}>
            <BrandMark size={28} />
            {!collapsed && (
              <Typography.Text strong style={{ color: '#fff', fontSize: 18 }}>
                {t('app.name')}
              </Typography.Text>
            )}
          </div>
          <SideMenu collapsed={collapsed} />
        </Layout.Sider>
        <Layout>
          <Layout.Header style={{ background: token.colorBgContainer, padding: '0 16px 0 8px', display: 'flex', alignItems: 'center', justifyContent: 'space-between', borderBottom: `1px solid ${token.colorBorderSecondary}` }}>
            <Button
              type="text"
              icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
              onClick={() => setCollapsed(!collapsed)}
              aria-label={collapsed ? t('header.expand') : t('header.collapse')}
            />
            <Space size="large">
              <OrgSwitcher />
              <LanguageSwitch />
              <UserMenu />
            </Space>
          </Layout.Header>
          <Layout.Content style={{ padding: 24 }}>
            <Suspense fallback={<Spin description={t('common.loading')} />}>
              <Outlet />
            </Suspense>
          </Layout.Content>
        </Layout>
      </Layout>
    </OrgScopeProvider>
  );
}
