import { useState } from 'react';
import { App, Button, Card, Empty, List, Popconfirm, Space, Tag, Tooltip, Typography } from 'antd';
import { LockOutlined, MessageOutlined, PhoneOutlined, RobotOutlined, StopOutlined, UnorderedListOutlined, UserDeleteOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { alertActionsApi, type ActionRequest, type AlertAction } from '../../../api/alert-actions-api.ts';
import type { Alert } from '../../../api/types.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { useFormat } from '../../../components/use-format.ts';
import { errorText } from '../../../i18n/error-text.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { usePermissions } from '../../session/hooks/use-permissions.ts';
import { ACTION_STATUS_COLORS, actionLabel, actionsUnavailable, CONTROL_KINDS, isActionStatus, isPending, resultText, type ControlKind } from '../utils/action-model.ts';
import { AddToListModal } from './AddToListModal.tsx';
import { CallResultModal } from './CallResultModal.tsx';
import { SendSmsModal } from './SendSmsModal.tsx';

/** How often the list is read again while an action is still queued or sending. */
const PENDING_POLL_MS = 3_000;

const CONTROL_ICONS: Record<ControlKind, React.ReactNode> = { freeze_card: <LockOutlined />, suspend_account: <UserDeleteOutlined />, limit_channel: <StopOutlined /> };

/**
 * What was sent about the alert to the customer and the core systems — SMS, robot and manual calls,
 * freezing a card, suspending an account, limiting a channel, adding the subject to a list — each
 * with its status and attempts, a retry for failed ones and the result of a manual call; and
 * buttons to ask for more when the caller may act (`can.act`). A server without the actions API
 * (404 on its route) shows the card as not available.
 */
export function AlertActionsCard({ alert, canAct }: { alert: Alert; canAct: boolean }) {
  const { t } = useI18n();
  const f = useFormat();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const permissions = usePermissions();
  const key = ['alert-actions', alert.id];
  const actions = useQuery({
    queryKey: key,
    queryFn: () => alertActionsApi.list(alert.id),
    retry: false,
    refetchInterval: (q) => (q.state.data?.items.some(isPending) ? PENDING_POLL_MS : false),
  });
  const [sms, setSms] = useState(false);
  const [listing, setListing] = useState(false);
  const [recording, setRecording] = useState<AlertAction>();
  const refresh = async () => {
    await qc.invalidateQueries({ queryKey: key });
    await qc.invalidateQueries({ queryKey: ['alerts', 'detail', alert.id] });
  };
  const onError = (e: unknown) => void message.error(actionsUnavailable(e) ? t('alerts.actions.unavailable') : errorText(t, e));
  const request = useMutation({
    mutationFn: (body: ActionRequest) => alertActionsApi.request(alert.id, body),
    onSuccess: async () => {
      void message.success(t('alerts.actions.requested'));
      await refresh();
    },
  });
  const retry = useMutation({
    mutationFn: (id: string) => alertActionsApi.retry(id),
    onSuccess: async () => {
      void message.success(t('alerts.actions.retried'));
      await refresh();
    },
    onError,
  });
  const ask = (body: ActionRequest) => request.mutate(body, { onError });

  const unavailable = actionsUnavailable(actions.error);
  if (unavailable) {
    return (
      <Card size="small" title={t('alerts.actions.title')} style={{ marginBottom: 16 }} data-testid="alert-actions-card">
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('alerts.actions.unavailable')} data-testid="actions-unavailable" />
      </Card>
    );
  }

  const busy = request.isPending;
  const confirm = (title: string, body: ActionRequest, button: React.ReactNode, danger = false) => (
    <Popconfirm title={title} okText={t('alerts.actions.confirm')} cancelText={t('alerts.common.cancel')} okButtonProps={{ danger }} onConfirm={() => ask(body)}>
      {button}
    </Popconfirm>
  );

  return (
    <Card size="small" title={t('alerts.actions.title')} style={{ marginBottom: 16 }} data-testid="alert-actions-card">
      {canAct && (
        <Space wrap style={{ marginBottom: 12 }} data-testid="action-buttons">
          <Button icon={<MessageOutlined />} onClick={() => {
              request.reset();
              setSms(true);
            }} disabled={busy} data-testid="act-sms">
            {t('alerts.actions.sendSms')}
          </Button>
          {confirm(
            t('alerts.actions.robotConfirm'),
            { type: 'call', kind: 'robot' },
            <Button icon={<RobotOutlined />} disabled={busy} data-testid="act-call-robot">
              {t('alerts.actions.robotCall')}
            </Button>,
          )}
          {confirm(
            t('alerts.actions.manualConfirm'),
            { type: 'call', kind: 'manual' },
            <Button icon={<PhoneOutlined />} disabled={busy} data-testid="act-call-manual">
              {t('alerts.actions.manualCall')}
            </Button>,
          )}
          {CONTROL_KINDS.map((k) =>
            confirm(
              t(`alerts.actions.confirm.${k}`, { subject: alert.subject.display }),
              { type: 'control', kind: k },
              <Button key={k} danger icon={CONTROL_ICONS[k]} disabled={busy} data-testid={`act-${k}`}>
                {t(`alerts.actions.control.${k}`)}
              </Button>,
              true,
            ),
          )}
          {permissions.has('list.read') && (
            <Button icon={<UnorderedListOutlined />} onClick={() => {
                request.reset();
                setListing(true);
              }} disabled={busy} data-testid="act-add-to-list">
              {t('alerts.actions.addToList')}
            </Button>
          )}
        </Space>
      )}
      <ErrorAlert error={actions.error} />
      <List<AlertAction>
        data-testid="actions-table"
        size="small"
        loading={actions.isLoading}
        dataSource={actions.data?.items ?? []}
        pagination={(actions.data?.items.length ?? 0) > 10 ? { pageSize: 10, size: 'small' } : false}
        locale={{ emptyText: t('alerts.actions.empty') }}
        renderItem={(a) => {
          const r = resultText(a.result) ?? resultText(a.params);
          const ops = canAct
            ? [
                ...(a.status === 'failed'
                  ? [
                      <Button key="retry" type="link" size="small" loading={retry.isPending && retry.variables === a.id} onClick={() => retry.mutate(a.id)} data-testid="action-retry">
                        {t('alerts.actions.retry')}
                      </Button>,
                    ]
                  : []),
                ...(a.type === 'call' && a.kind !== 'robot' && a.status === 'awaiting_result'
                  ? [
                      <Button key="record" type="link" size="small" onClick={() => setRecording(a)} data-testid="action-record">
                        {t('alerts.actions.record')}
                      </Button>,
                    ]
                  : []),
              ]
            : [];
          return (
            <List.Item actions={ops} data-testid="action-row">
              <Space orientation="vertical" size={2} style={{ minWidth: 0 }}>
                <Space size={6} wrap>
                  <Typography.Text strong>{t(`alerts.actions.label.${actionLabel(a)}`)}</Typography.Text>
                  <Tag color={isActionStatus(a.status) ? ACTION_STATUS_COLORS[a.status] : undefined} data-testid={`action-status-${a.status}`}>
                    {isActionStatus(a.status) ? t(`alerts.actions.statusOf.${a.status}`) : a.status}
                  </Tag>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('alerts.actions.attemptsOf', { n: a.attempts })}
                  </Typography.Text>
                </Space>
                {r && (
                  <Tooltip title={r}>
                    <Typography.Text ellipsis style={{ maxWidth: 360 }}>
                      {r}
                    </Typography.Text>
                  </Tooltip>
                )}
                {a.lastError && (
                  <Typography.Text type="danger" style={{ fontSize: 12 }}>
                    {a.lastError}
                  </Typography.Text>
                )}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {a.completedAt ? t('alerts.actions.requestedDone', { time: f.dateTime(a.createdAt), done: f.dateTime(a.completedAt) }) : t('alerts.actions.requestedAt', { time: f.dateTime(a.createdAt) })}
                </Typography.Text>
              </Space>
            </List.Item>
          );
        }}
      />
      <SendSmsModal open={sms} pending={busy} error={request.error} onClose={() => setSms(false)} onSend={(body) => request.mutate(body, { onSuccess: () => setSms(false) })} />
      <AddToListModal open={listing} subjectType={alert.subject.type} pending={busy} error={request.error} onClose={() => setListing(false)} onAdd={(list) => request.mutate({ type: 'add_to_list', list }, { onSuccess: () => setListing(false) })} />
      <CallResultModal action={recording} onClose={() => setRecording(undefined)} onRecorded={refresh} />
    </Card>
  );
}
