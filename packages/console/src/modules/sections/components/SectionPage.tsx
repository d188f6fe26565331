import { Card, Result } from 'antd';
import { ToolOutlined } from '@ant-design/icons';
import { useI18n } from '../../../i18n/use-i18n.ts';
import type { NavPage } from '../../shell/nav-items.ts';
import { PageHeader } from '../../shell/components/PageHeader.tsx';

/** A section of the spec that is not built yet: its title, what it will do, and "coming soon". */
export function SectionPage({ page }: { page: NavPage }) {
  const { t } = useI18n();
  return (
    <>
      <PageHeader title={t(page.labelKey)} description={page.descriptionKey ? t(page.descriptionKey) : undefined} />
      <Card>
        <Result icon={<ToolOutlined />} title={t('common.comingSoon')} subTitle={t('common.comingSoonHint')} data-testid="coming-soon" />
      </Card>
    </>
  );
}
