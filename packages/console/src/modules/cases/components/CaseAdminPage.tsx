import { useState } from 'react';
import { Breadcrumb, Space, Tabs, Typography } from 'antd';
import { Link } from 'react-router';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { OrgTreeSelect } from '../../admin/components/OrgTreeSelect.tsx';
import { useOrgScope } from '../../org-scope/hooks/use-org-scope.ts';
import { useSession } from '../../session/hooks/use-session.ts';
import { PageHeader } from '../../shell/components/PageHeader.tsx';
import type { NavPage } from '../../shell/nav-items.ts';
import { CaseRulesPanel } from './CaseRulesPanel.tsx';
import { CaseTypesPanel } from './CaseTypesPanel.tsx';

/** The case center's configuration (case.configure): case types with their workflows, and the rules that open cases from disposed alerts. */
export function CaseAdminPage({ page }: { page: NavPage }) {
  const { t } = useI18n();
  const { data: session } = useSession();
  const { canSwitch, selected } = useOrgScope();
  const [org, setOrg] = useState<string | undefined>(selected);
  const orgId = org ?? session?.user.orgId;
  return (
    <>
      <Breadcrumb style={{ marginBottom: 8 }} items={[{ title: <Link to="/cases">{t(page.labelKey)}</Link> }, { title: t('cases.admin.title') }]} />
      <PageHeader
        title={t('cases.admin.title')}
        description={t('cases.admin.description')}
        extra={
          canSwitch && (
            <Space>
              <Typography.Text type="secondary">{t('cases.admin.org')}</Typography.Text>
              <OrgTreeSelect value={orgId} onChange={setOrg} testId="admin-org" />
            </Space>
          )
        }
      />
      <Tabs
        items={[
          { key: 'types', label: <span data-testid="admin-tab-types">{t('cases.admin.types.tab')}</span>, children: <CaseTypesPanel orgId={orgId} /> },
          { key: 'rules', label: <span data-testid="admin-tab-rules">{t('cases.admin.rules.tab')}</span>, children: <CaseRulesPanel orgId={orgId} /> },
        ]}
      />
    </>
  );
}
