import { Tabs } from 'antd';
import { useSearchParams } from 'react-router';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { PageHeader } from '../../shell/components/PageHeader.tsx';
import { CategoriesEditor } from './CategoriesEditor.tsx';
import { ChannelsEditor } from './ChannelsEditor.tsx';
import { QueuesEditor } from './QueuesEditor.tsx';
import { TemplatesEditor } from './TemplatesEditor.tsx';

const TABS = ['queues', 'categories', 'templates', 'channels'] as const;
type Tab = (typeof TABS)[number];
const isTab = (v: string | null): v is Tab => (TABS as readonly (string | null)[]).includes(v);

/** Administration of the alert center (`alert.configure`): queues, how categories merge, SMS templates and action channels. */
export function AlertAdminPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab');
  const active: Tab = isTab(tab) ? tab : 'queues';
  return (
    <div data-testid="alert-admin">
      <PageHeader title={t('alerts.admin.title')} description={t('alerts.admin.description')} />
      <Tabs
        activeKey={active}
        onChange={(k) => setParams(k === 'queues' ? {} : { tab: k }, { replace: true })}
        items={[
          { key: 'queues', label: <span data-testid="admin-tab-queues">{t('alerts.admin.queuesTab')}</span>, children: <QueuesEditor /> },
          { key: 'categories', label: <span data-testid="admin-tab-categories">{t('alerts.admin.categoriesTab')}</span>, children: <CategoriesEditor /> },
          { key: 'templates', label: <span data-testid="admin-tab-templates">{t('alerts.admin.templatesTab')}</span>, children: <TemplatesEditor /> },
          { key: 'channels', label: <span data-testid="admin-tab-channels">{t('alerts.admin.channelsTab')}</span>, children: <ChannelsEditor /> },
        ]}
      />
    </div>
  );
}
