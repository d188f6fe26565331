import { Avatar, Dropdown, Space, Typography } from 'antd';
import { KeyOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { hasMessage } from '../../../i18n/translate.ts';
import { useLogout } from '../../session/hooks/use-logout.ts';
import { useSession } from '../../session/hooks/use-session.ts';

/** Who is signed in, their roles, and the account actions. */
export function UserMenu() {
  const { t } = useI18n();
  const { data: session } = useSession();
  const logout = useLogout();
  const navigate = useNavigate();
  if (!session) return null;
  const { user } = session;
  const roleNames = user.roles.map((r) => {
    const key = `role.${r}`;
    return hasMessage(key) ? t(key) : r;
  });
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          { key: 'roles', type: 'group', label: roleNames.join(' · ') },
          { type: 'divider' },
          { key: 'password', icon: <KeyOutlined />, label: t('header.changePassword'), onClick: () => void navigate('/account/password') },
          { key: 'logout', icon: <LogoutOutlined />, label: <span data-testid="logout">{t('header.logout')}</span>, onClick: () => void logout() },
        ],
      }}
    >
      <Space style={{ cursor: 'pointer' }} data-testid="user-menu">
        <Avatar size="small" icon={<UserOutlined />} style={{ background: '#1677ff' }} />
        <Typography.Text data-testid="user-name">{user.displayName}</Typography.Text>
      </Space>
    </Dropdown>
  );
}
