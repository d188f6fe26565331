import { Button, Space, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useFormat } from '../../../components/use-format.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { useDocumentVisible } from '../../monitoring/hooks/use-document-visible.ts';

/** When the list was last refreshed (or that refreshing waits for the tab to be shown), and a refresh button. */
export function LiveStatus({ updatedAt, fetching, onRefresh }: { updatedAt: number; fetching: boolean; onRefresh(): void }) {
  const { t } = useI18n();
  const f = useFormat();
  const visible = useDocumentVisible();
  return (
    <Space size={12} wrap>
      <Typography.Text type="secondary" data-testid="alerts-updated">
        {!visible ? t('alerts.live.paused') : updatedAt ? t('alerts.live.updated', { time: f.dateTime(updatedAt) }) : ''}
      </Typography.Text>
      <Button icon={<ReloadOutlined />} onClick={onRefresh} loading={fetching} data-testid="alerts-refresh">
        {t('alerts.live.refresh')}
      </Button>
    </Space>
  );
}
