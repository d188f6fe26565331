import { useMemo } from 'react';
import { Space, TreeSelect } from 'antd';
import { ApartmentOutlined } from '@ant-design/icons';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { useOrgScope } from '../hooks/use-org-scope.ts';
import { orgTree } from '../org-tree.ts';

const ALL = '';

/** Chooses the org every page filters by; shown only when the user's scope covers several orgs. */
export function OrgSwitcher() {
  const { t, locale } = useI18n();
  const { orgs, selected, select, canSwitch } = useOrgScope();
  const tree = useMemo(() => [{ value: ALL, title: t('header.allOrgs'), children: orgTree(orgs, (o) => (locale === 'zh-CN' ? o.name.zh : o.name.en)) }], [orgs, locale, t]);
  if (!canSwitch) return null;
  return (
    <Space size={6}>
      <ApartmentOutlined aria-hidden />
      <TreeSelect
      data-testid="org-switcher"
      style={{ minWidth: 220 }}
      size="middle"
      value={selected ?? ALL}
      treeData={tree}
      treeDefaultExpandAll
      aria-label={t('header.org')}
      popupMatchSelectWidth={false}
      onChange={(v: string) => select(v === ALL ? undefined : v)}
      />
    </Space>
  );
}
