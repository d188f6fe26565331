import { useMemo } from 'react';
import { Card, Col, Descriptions, Empty, Row, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { hasMessage } from '../../../i18n/translate.ts';
import { useOrgScope } from '../../org-scope/hooks/use-org-scope.ts';
import { usePermissions } from '../../session/hooks/use-permissions.ts';
import { useSession } from '../../session/hooks/use-session.ts';
import { NAV_ITEMS, navPages, visibleNav } from '../../shell/nav-items.ts';
import { PageHeader } from '../../shell/components/PageHeader.tsx';

/** The first page after sign-in: who you are, which data you are looking at, and where you can go. */
export function HomePage() {
  const { t, locale } = useI18n();
  const { data: session } = useSession();
  const permissions = usePermissions();
  const { orgs, selected } = useOrgScope();
  const sections = useMemo(() => navPages(visibleNav(NAV_ITEMS, permissions)).filter((p) => p.path !== '/'), [permissions]);
  if (!session) return null;
  const { user } = session;
  const orgName = (id: string) => {
    const org = orgs.find((o) => o.id === id);
    return org ? (locale === 'zh-CN' ? org.name.zh : org.name.en) : id;
  };
  return (
    <>
      <PageHeader title={t('home.welcome', { name: user.displayName })} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={8}>
          <Card title={t('home.account')} data-testid="home-account">
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('home.username')}>{user.username}</Descriptions.Item>
              <Descriptions.Item label={t('home.org')}>{orgName(user.orgId)}</Descriptions.Item>
              <Descriptions.Item label={t('home.roles')}>
                {user.roles.map((r) => {
                  const key = `role.${r}`;
                  return <Tag key={r}>{hasMessage(key) ? t(key) : r}</Tag>;
                })}
              </Descriptions.Item>
              <Descriptions.Item label={t('home.permissionCount')}>{session.permissions.length}</Descriptions.Item>
              <Descriptions.Item label={t('home.scope')}>{selected ? orgName(selected) : t('header.allOrgs')}</Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={16}>
          <Card title={t('home.sections')} data-testid="home-sections">
            {sections.length === 0 ? (
              <Empty description={t('home.noSections')} />
            ) : (
              <Row gutter={[12, 12]}>
                {sections.map((p) => (
                  <Col xs={24} md={12} key={p.key}>
                    <Link to={p.path}>
                      <Card size="small" hoverable>
                        <Typography.Text strong>{t(p.labelKey)}</Typography.Text>
                        {p.descriptionKey && (
                          <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ margin: '4px 0 0', fontSize: 12 }}>
                            {t(p.descriptionKey)}
                          </Typography.Paragraph>
                        )}
                      </Card>
                    </Link>
                  </Col>
                ))}
              </Row>
            )}
          </Card>
        </Col>
      </Row>
    </>
  );
}
