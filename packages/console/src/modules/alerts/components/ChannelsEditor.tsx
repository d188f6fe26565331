import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Descriptions, Modal, Popconfirm, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { alertActionsApi, type ActionChannel, type ChannelTestResult } from '../../../api/alert-actions-api.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { OrgName } from '../../../components/OrgName.tsx';
import { errorText } from '../../../i18n/error-text.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { SecretOnceModal } from '../../admin/components/SecretOnceModal.tsx';
import { useOrgScope } from '../../org-scope/hooks/use-org-scope.ts';
import { useSession } from '../../session/hooks/use-session.ts';
import { sortChannels, testResultText } from '../utils/action-admin-forms.ts';
import { ChannelDrawer, type ChannelEditing } from './ChannelDrawer.tsx';

/**
 * The channels that carry alert actions out: those of one's orgs, to create, edit, test and delete,
 * and those inherited from above (the union's simulator), shown read-only. An org's actions go
 * through the nearest channel up its org chain that serves their type.
 */
export function ChannelsEditor() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const { selected } = useOrgScope();
  const { data: session } = useSession();
  const org = selected ?? session?.user.orgId;
  const q = useQuery({ queryKey: ['action-channels'], queryFn: alertActionsApi.channels });
  const items = sortChannels(q.data?.items ?? []);
  const [editing, setEditing] = useState<ChannelEditing>();
  const [secret, setSecret] = useState<string>();
  const [tested, setTested] = useState<{ channel: ActionChannel; result: ChannelTestResult }>();
  const remove = useMutation({
    mutationFn: (id: string) => alertActionsApi.deleteChannel(id),
    onSuccess: async () => {
      void message.success(t('alerts.channels.deleted'));
      await qc.invalidateQueries({ queryKey: ['action-channels'] });
    },
    onError: (e) => void message.error(errorText(t, e)),
  });
  const test = useMutation({
    mutationFn: (c: ActionChannel) => alertActionsApi.testChannel(c.id),
    onSuccess: (result, channel) => setTested({ channel, result }),
    onError: (e) => void message.error(errorText(t, e)),
  });
  const answer = tested ? testResultText(tested.result) : null;
  return (
    <div data-testid="channels-editor">
      <Space style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        <Typography.Text type="secondary">{t('alerts.channels.description')}</Typography.Text>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ mode: 'create' })} data-testid="channel-create">
          {t('alerts.channels.create')}
        </Button>
      </Space>
      <ErrorAlert error={q.error} />
      <Table<ActionChannel>
        data-testid="channels-table"
        size="small"
        rowKey={(c) => c.id}
        loading={q.isLoading}
        dataSource={items}
        pagination={false}
        scroll={{ x: 1150 }}
        columns={[
          {
            title: t('alerts.channels.name'),
            key: 'name',
            width: 200,
            render: (_, c) => (
              <Space size={4} wrap>
                <span data-testid="channel-row-name">{c.name}</span>
                {c.inherited && <Tag data-testid="channel-inherited">{t('alerts.queues.inherited')}</Tag>}
              </Space>
            ),
          },
          { title: t('alerts.channels.kind'), dataIndex: 'kind', width: 100, render: (v: ActionChannel['kind']) => <Tag color={v === 'webhook' ? 'blue' : 'purple'}>{t(`alerts.channels.kind.${v}`)}</Tag> },
          {
            title: t('alerts.channels.actionTypes'),
            dataIndex: 'actionTypes',
            width: 200,
            render: (v: ActionChannel['actionTypes']) => (
              <Space size={[0, 4]} wrap>
                {v.map((x) => (
                  <Tag key={x}>{t(`alerts.actions.label.${x}`)}</Tag>
                ))}
              </Space>
            ),
          },
          { title: t('alerts.channels.url'), dataIndex: 'url', ellipsis: true, render: (v: string | null) => (v ? <code>{v}</code> : <Typography.Text type="secondary">{t('alerts.channels.noUrl')}</Typography.Text>) },
          { title: t('alerts.admin.enabled'), dataIndex: 'enabled', width: 80, render: (v: boolean) => (v ? <Tag color="green">{t('alerts.templates.on')}</Tag> : <Tag>{t('alerts.templates.off')}</Tag>) },
          { title: t('alerts.col.org'), dataIndex: 'orgId', width: 150, render: (v: string) => <OrgName id={v} /> },
          {
            title: t('alerts.col.actions'),
            key: 'actions',
            width: 180,
            fixed: 'right',
            render: (_, c) =>
              c.inherited ? (
                <Typography.Text type="secondary">{t('alerts.channels.readOnly')}</Typography.Text>
              ) : (
                <Space size={0} wrap>
                  <Tooltip title={c.enabled ? undefined : t('alerts.channels.testDisabled')}>
                    <Button type="link" size="small" disabled={!c.enabled} loading={test.isPending && test.variables?.id === c.id} onClick={() => test.mutate(c)} data-testid="channel-test">
                      {t('alerts.channels.test')}
                    </Button>
                  </Tooltip>
                  <Button type="link" size="small" onClick={() => setEditing({ mode: 'edit', channel: c })} data-testid="channel-edit">
                    {t('alerts.admin.edit')}
                  </Button>
                  <Popconfirm
                    title={t('alerts.channels.deleteConfirm', { name: c.name })}
                    description={t('alerts.channels.deleteHint')}
                    okText={t('alerts.admin.delete')}
                    okButtonProps={{ danger: true, 'data-testid': 'channel-delete-ok' }}
                    cancelText={t('alerts.common.cancel')}
                    onConfirm={() => remove.mutate(c.id)}
                  >
                    <Button type="link" size="small" danger data-testid="channel-delete">
                      {t('alerts.admin.delete')}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
          },
        ]}
      />
      <ChannelDrawer editing={editing} orgId={org} onClose={() => setEditing(undefined)} onCreated={(s) => s && setSecret(s)} />
      <SecretOnceModal secret={secret} titleKey="alerts.channels.secretTitle" warningKey="alerts.channels.secretWarning" onClose={() => setSecret(undefined)} />
      <Modal
        open={!!tested}
        title={tested ? t('alerts.channels.testTitle', { name: tested.channel.name }) : ''}
        onCancel={() => setTested(undefined)}
        footer={
          <Button type="primary" onClick={() => setTested(undefined)} data-testid="channel-test-close">
            {t('alerts.channels.close')}
          </Button>
        }
        destroyOnHidden
      >
        {tested && (
          <div data-testid="channel-test-result">
            {tested.result.ok ? (
              <Tag color="success" data-testid="channel-test-ok">
                {t('alerts.channels.testOk')}
              </Tag>
            ) : (
              <Tag color="error" data-testid="channel-test-failed">
                {t('alerts.channels.testFailed')}
              </Tag>
            )}
            <Descriptions size="small" column={1} style={{ marginTop: 12 }}>
              {tested.result.status !== null && <Descriptions.Item label={t('alerts.channels.testStatus')}>{tested.result.status}</Descriptions.Item>}
              <Descriptions.Item label={t('alerts.channels.testDuration')}>{t('alerts.channels.ms', { n: tested.result.durationMs })}</Descriptions.Item>
              {tested.result.error && (
                <Descriptions.Item label={t('alerts.channels.testError')}>
                  <Typography.Text type="danger" data-testid="channel-test-error">
                    {tested.result.error}
                  </Typography.Text>
                </Descriptions.Item>
              )}
              {answer && (
                <Descriptions.Item label={t('alerts.channels.testAnswer')}>
                  <code data-testid="channel-test-answer">{answer}</code>
                </Descriptions.Item>
              )}
            </Descriptions>
          </div>
        )}
      </Modal>
    </div>
  );
}
