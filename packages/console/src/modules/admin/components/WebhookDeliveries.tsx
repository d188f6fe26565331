import { useState } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Select, Space, Table, Tag, Typography } from 'antd';
import { adminApiClient } from '../../../api/admin-api.ts';
import type { Webhook, WebhookDelivery, WebhookDeliveryStatus } from '../../../api/types.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { useFormat } from '../../../components/use-format.ts';
import { errorText } from '../../../i18n/error-text.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { currentCursor, firstPage, nextPage, pageNumber, previousPage } from '../../../components/cursor-stack.ts';

const STATUSES: WebhookDeliveryStatus[] = ['pending', 'delivered', 'failed'];
const STATUS_COLOR: Record<WebhookDeliveryStatus, string> = { pending: 'gold', delivered: 'green', failed: 'red' };
const PAGE_SIZE = 20;

/** One endpoint's deliveries, newest first, by status, with retrying a failed one. */
export function WebhookDeliveries({ webhook }: { webhook: Webhook }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [status, setStatus] = useState<WebhookDeliveryStatus>();
  const [pages, setPages] = useState(firstPage);
  const cursor = currentCursor(pages);
  const q = { status, cursor, limit: PAGE_SIZE };
  const deliveries = useQuery({ queryKey: ['admin', 'deliveries', webhook.id, q], queryFn: () => adminApiClient.deliveries(webhook.id, q), placeholderData: keepPreviousData });
  const retry = useMutation({
    mutationFn: (id: string) => adminApiClient.retryDelivery(id),
    onSuccess: async () => {
      void message.success(t('admin.webhooks.retried'));
      await qc.invalidateQueries({ queryKey: ['admin', 'deliveries', webhook.id] });
    },
    onError: (e) => void message.error(errorText(t, e)),
  });

  return (
    <div data-testid="webhook-deliveries">
      <Space style={{ marginBottom: 12 }} wrap>
        <Select
          allowClear
          placeholder={t('admin.webhooks.anyStatus')}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPages(firstPage());
          }}
          options={STATUSES.map((s) => ({ value: s, label: t(`admin.webhooks.status.${s}`) }))}
          style={{ width: 160 }}
          data-testid="delivery-status-filter"
        />
        <Button onClick={() => void deliveries.refetch()} loading={deliveries.isFetching}>
          {t('admin.common.refresh')}
        </Button>
      </Space>
      <ErrorAlert error={deliveries.error} />
      <Table<WebhookDelivery>
        size="small"
        rowKey={(r) => r.id}
        loading={deliveries.isLoading}
        dataSource={deliveries.data?.items ?? []}
        pagination={false}
        expandable={{ expandedRowRender: (d) => <Typography.Paragraph code style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{JSON.stringify(d.payload, null, 2)}</Typography.Paragraph> }}
        columns={[
          { title: t('admin.common.time'), dataIndex: 'createdAt', render: (v: string) => fmt.dateTime(v) },
          { title: t('admin.webhooks.event'), dataIndex: 'event', render: (v: string) => <code>{v}</code> },
          { title: t('admin.webhooks.statusTitle'), dataIndex: 'status', render: (v: WebhookDeliveryStatus) => <Tag color={STATUS_COLOR[v]}>{t(`admin.webhooks.status.${v}`)}</Tag> },
          { title: t('admin.webhooks.attempts'), dataIndex: 'attempts' },
          { title: t('admin.webhooks.lastStatus'), dataIndex: 'lastStatus', render: (v: number | null) => v ?? '' },
          { title: t('admin.webhooks.lastError'), dataIndex: 'lastError', ellipsis: true, render: (v: string | null) => v ?? '' },
          { title: t('admin.webhooks.deliveredAt'), dataIndex: 'deliveredAt', render: (v: string | null) => fmt.dateTime(v) },
          {
            title: t('admin.common.actions'),
            key: 'actions',
            render: (_, d) =>
              d.status === 'failed' && (
                <Button type="link" size="small" loading={retry.isPending && retry.variables === d.id} onClick={() => retry.mutate(d.id)} data-testid={`delivery-retry-${d.id}`}>
                  {t('admin.webhooks.retry')}
                </Button>
              ),
          },
        ]}
      />
      <Space style={{ marginTop: 12 }}>
        <Button disabled={pageNumber(pages) === 1} onClick={() => setPages(previousPage)}>
          {t('admin.common.previous')}
        </Button>
        <Button disabled={!deliveries.data?.nextCursor} onClick={() => setPages((p) => nextPage(p, deliveries.data?.nextCursor))}>
          {t('admin.common.next')}
        </Button>
      </Space>
    </div>
  );
}
