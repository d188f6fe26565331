import { useState } from 'react';
import { App, Button, Card, InputNumber, List, Popconfirm, Radio, Space, Tag, Tooltip, Typography } from 'antd';
import { LockOutlined, MessageOutlined, PhoneOutlined, RobotOutlined, StopOutlined, UnorderedListOutlined, UserDeleteOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { alertActionsApi, type ActionRequest, type AlertAction } from '../../../api/alert-actions-api.ts';
import type { Alert } from '../../../api/types.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { useFormat } from '../../../components/use-format.ts';
import { errorText } from '../../../i18n/error-text.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { usePermissions } from '../../session/hooks/use-permissions.ts';
import { ACTION_STATUS_COLORS, actionDetails, actionLabel, canCancel, canRecordResult, canRetry, CONTROL_KINDS, controlRequest, isActionStatus, isPending, LIMITED_CHANNELS, requesterName, type ControlKind, type LimitedChannel } from '../utils/action-model.ts';
import { AddToListModal } from './AddToListModal.tsx';
import { CallResultModal } from './CallResultModal.tsx';
import { SendSmsModal } from './SendSmsModal.tsx';

/** How often the list is read again while an action is still queued or sending. */
const PENDING_POLL_MS = 3_000;

const CONTROL_ICONS: Record<ControlKind, React.ReactNode> = { freeze_card: <LockOutlined />, suspend_account: <UserDeleteOutlined />, limit_channel: <StopOutlined /> };

/**
 * What was sent about the alert to the customer and the core systems — SMS (the automatic ones
 * too), robot and manual calls, freezing a card, suspending an account, limiting a channel, adding
 * the subject to a list — each with its status, attempts and what came back (an SMS's text, a
 * call's outcome, the receiving system's reference); a retry for failed ones, the result of a
 * call, a cancel for what has not gone out; and buttons to ask for more when the caller may act
 * (`can.act`).
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
  const [limit, setLimit] = useState<{ channel: string; limit: number }>({ channel: LIMITED_CHANNELS[0], limit: 0 });
  const refresh = async () => {
    await qc.invalidateQueries({ queryKey: key });
    await qc.invalidateQueries({ queryKey: ['alerts', 'detail', alert.id] });
  };
  const onError = (e: unknown) => void message.error(errorText(t, e));
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
  const cancel = useMutation({
    mutationFn: (id: string) => alertActionsApi.cancel(id),
    onSuccess: async () => {
      void message.success(t('alerts.actions.cancelled'));
      await refresh();
    },
    onError,
  });
  const ask = (body: ActionRequest) => request.mutate(body, { onError });

  const busy = request.isPending;
  const confirm = (id: string, title: string, body: () => ActionRequest, button: React.ReactNode, danger = false, description?: React.ReactNode) => (
    <Popconfirm key={id} title={title} description={description} okText={t('alerts.actions.confirm')} cancelText={t('alerts.common.cancel')} okButtonProps={{ danger }} onConfirm={() => ask(body())}>
      {button}
    </Popconfirm>
  );
  const channelName = (c: string) => ((LIMITED_CHANNELS as readonly string[]).includes(c) ? t(`alerts.actions.channel.${c as LimitedChannel}`) : c);
  const limitForm = (
    <Space orientation="vertical" size={4} data-testid="limit-form">
      <Typography.Text type="secondary">{t('alerts.actions.limitChannel')}</Typography.Text>
      <Radio.Group
        size="small"
        optionType="button"
        value={limit.channel}
        onChange={(e) => setLimit({ ...limit, channel: e.target.value as string })}
        options={LIMITED_CHANNELS.map((c) => ({ value: c, label: channelName(c) }))}
        data-testid="limit-channel"
      />
      <Typography.Text type="secondary">{t('alerts.actions.limitAmount')}</Typography.Text>
      <InputNumber size="small" min={0} max={1e12} value={limit.limit} onChange={(v) => setLimit({ ...limit, limit: v ?? 0 })} style={{ width: 160 }} data-testid="limit-amount" />
    </Space>
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
            'robot',
            t('alerts.actions.robotConfirm'),
            () => ({ type: 'call', kind: 'robot' }),
            <Button icon={<RobotOutlined />} disabled={busy} data-testid="act-call-robot">
              {t('alerts.actions.robotCall')}
            </Button>,
          )}
          {confirm(
            'manual',
            t('alerts.actions.manualConfirm'),
            () => ({ type: 'call', kind: 'manual' }),
            <Button icon={<PhoneOutlined />} disabled={busy} data-testid="act-call-manual">
              {t('alerts.actions.manualCall')}
            </Button>,
          )}
          {CONTROL_KINDS.map((k) =>
            confirm(
              k,
              t(`alerts.actions.confirm.${k}`, { subject: alert.subject.display }),
              () => controlRequest(k, limit),
              <Button danger icon={CONTROL_ICONS[k]} disabled={busy} data-testid={`act-${k}`}>
                {t(`alerts.actions.control.${k}`)}
              </Button>,
              true,
              k === 'limit_channel' ? limitForm : undefined,
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
          const d = actionDetails(a);
          const ops = canAct
            ? [
                ...(canRetry(a)
                  ? [
                      <Button key="retry" type="link" size="small" loading={retry.isPending && retry.variables === a.id} onClick={() => retry.mutate(a.id)} data-testid="action-retry">
                        {t('alerts.actions.retry')}
                      </Button>,
                    ]
                  : []),
                ...(canRecordResult(a)
                  ? [
                      <Button key="record" type="link" size="small" onClick={() => setRecording(a)} data-testid="action-record">
                        {t('alerts.actions.record')}
                      </Button>,
                    ]
                  : []),
                ...(canCancel(a)
                  ? [
                      <Popconfirm key="cancel" title={t('alerts.actions.cancelConfirm')} okText={t('alerts.actions.confirm')} cancelText={t('alerts.common.cancel')} onConfirm={() => cancel.mutate(a.id)}>
                        <Button type="link" size="small" danger loading={cancel.isPending && cancel.variables === a.id} data-testid="action-cancel">
                          {t('alerts.actions.cancel')}
                        </Button>
                      </Popconfirm>,
                    ]
                  : []),
              ]
            : [];
          const line = (text: string, testId: string) => (
            <Tooltip title={text}>
              <Typography.Text ellipsis style={{ maxWidth: 360 }} data-testid={testId}>
                {text}
              </Typography.Text>
            </Tooltip>
          );
          const small = { fontSize: 12 };
          return (
            <List.Item actions={ops} data-testid="action-row" data-action-id={a.id}>
              <Space orientation="vertical" size={2} style={{ minWidth: 0 }}>
                <Space size={6} wrap>
                  <Typography.Text strong>{t(`alerts.actions.label.${actionLabel(a)}`)}</Typography.Text>
                  <Tag color={isActionStatus(a.status) ? ACTION_STATUS_COLORS[a.status] : undefined} data-testid={`action-status-${a.status}`}>
                    {isActionStatus(a.status) ? t(`alerts.actions.statusOf.${a.status}`) : a.status}
                  </Tag>
                  {a.source === 'auto' && (
                    <Tooltip title={t('alerts.actions.autoHint')}>
                      <Tag color="blue" data-testid="action-source-auto">
                        {t('alerts.actions.auto')}
                      </Tag>
                    </Tooltip>
                  )}
                  {d.template && <Tag data-testid="action-template">{d.template}</Tag>}
                  <Typography.Text type="secondary" style={small} data-testid="action-attempts">
                    {t('alerts.actions.attemptsOf', { n: a.attempts })}
                  </Typography.Text>
                </Space>
                {d.text && line(d.text, 'action-text')}
                {d.outcome && (
                  <Typography.Text data-testid="action-outcome">
                    {t(`alerts.actions.outcome.${d.outcome}`)}
                  </Typography.Text>
                )}
                {d.note && line(d.note, 'action-note')}
                {d.reason && line(d.reason, 'action-reason')}
                {d.limit && <Typography.Text>{t('alerts.actions.limitOf', { channel: channelName(d.limit.channel), limit: f.number(d.limit.limit) })}</Typography.Text>}
                {d.listed && <Typography.Text>{d.listed.alreadyListedBy ? t('alerts.actions.alreadyListed', { value: d.listed.value, list: d.listed.list, org: d.listed.alreadyListedBy }) : t('alerts.actions.listed', { value: d.listed.value, list: d.listed.list })}</Typography.Text>}
                {d.missing && (
                  <Typography.Text type="danger" style={small}>
                    {t('alerts.actions.missing', { variables: d.missing.join(', ') })}
                  </Typography.Text>
                )}
                {a.lastError && (
                  <Typography.Text type="danger" style={small} data-testid="action-error">
                    {a.lastError}
                  </Typography.Text>
                )}
                {d.reference && (
                  <Typography.Text type="secondary" style={small} copyable={{ text: d.reference }} data-testid="action-reference">
                    {t('alerts.actions.reference', { reference: d.reference })}
                  </Typography.Text>
                )}
                {a.status === 'queued' && a.attempts > 0 && a.nextAttemptAt && (
                  <Typography.Text type="secondary" style={small}>
                    {t('alerts.actions.nextAttempt', { time: f.dateTime(a.nextAttemptAt) })}
                  </Typography.Text>
                )}
                <Typography.Text type="secondary" style={small}>
                  {a.completedAt
                    ? t('alerts.actions.requestedDone', { who: requesterName(a.requestedBy), time: f.dateTime(a.createdAt), done: f.dateTime(a.completedAt) })
                    : t('alerts.actions.requestedAt', { who: requesterName(a.requestedBy), time: f.dateTime(a.createdAt) })}
                </Typography.Text>
              </Space>
            </List.Item>
          );
        }}
      />
      <SendSmsModal alertId={alert.id} open={sms} pending={busy} error={request.error} onClose={() => setSms(false)} onSend={(body) => request.mutate(body, { onSuccess: () => setSms(false) })} />
      <AddToListModal open={listing} subjectType={alert.subject.type} pending={busy} error={request.error} onClose={() => setListing(false)} onAdd={(list) => request.mutate({ type: 'add_to_list', list }, { onSuccess: () => setListing(false) })} />
      <CallResultModal action={recording} onClose={() => setRecording(undefined)} onRecorded={refresh} />
    </Card>
  );
}
