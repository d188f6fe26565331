import { Tabs } from 'antd';
import { useSearchParams } from 'react-router';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { PageHeader } from '../../shell/components/PageHeader.tsx';
import { CategoriesEditor } from './CategoriesEditor.tsx';
import { QueuesEditor } from './QueuesEditor.tsx';

/** Administration of the alert center (`alert.configure`): queues and how categories merge. */
export function AlertAdminPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'categories' ? 'categories' : 'queues';
  return (
    <div data-testid="alert-admin">
      <PageHeader title={t('alerts.admin.title')} description={t('alerts.admin.description')} />
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams(k === 'categories' ? { tab: k } : {}, { replace: true })}
        items={[
          { key: 'queues', label: <span data-testid="admin-tab-queues">{t('alerts.admin.queuesTab')}</span>, children: <QueuesEditor /> },
          { key: 'categories', label: <span data-testid="admin-tab-categories">{t('alerts.admin.categoriesTab')}</span>, children: <CategoriesEditor /> },
        ]}
      />
    </div>
  );
}
