import { useEffect } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Checkbox, Drawer, Form, Input, Radio, Space, Switch, Typography } from 'antd';
import { alertActionsApi, type ActionChannel } from '../../../api/alert-actions-api.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { OrgName } from '../../../components/OrgName.tsx';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { hasMessage } from '../../../i18n/translate.ts';
import { serverIssues } from '../../lists/utils/server-issues.ts';
import { fieldOfIssue } from '../utils/config-forms.ts';
import { CHANNEL_ACTION_TYPES, CHANNEL_FIELDS, CHANNEL_KINDS, channelCreateBody, channelUpdateBody, channelValues, issueWording, newChannelValues, type ChannelFormValues } from '../utils/action-admin-forms.ts';

export type ChannelEditing = { mode: 'create' } | { mode: 'edit'; channel: ActionChannel };

/**
 * Creates or edits an action channel: a signed webhook to the bank's SMS gateway, IVR or core
 * system adapter, or the built-in simulator, and which action types it carries. A new webhook's
 * signing secret goes to `onCreated`, to be shown once. The server's refusals (a URL its SSRF guard
 * will not call) are shown at their field.
 */
export function ChannelDrawer({ editing, orgId, onClose, onCreated }: { editing: ChannelEditing | undefined; orgId: string | undefined; onClose(): void; onCreated(secret: string | null): void }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const [form] = Form.useForm<ChannelFormValues>();
  const kind = Form.useWatch('kind', form);
  const creating = editing?.mode === 'create';

  const save = useMutation({
    mutationFn: async (v: ChannelFormValues) => {
      if (editing?.mode === 'edit') {
        await alertActionsApi.updateChannel(editing.channel.id, channelUpdateBody(v, editing.channel.kind));
        return undefined;
      }
      return (await alertActionsApi.createChannel(channelCreateBody(v, orgId))).secret;
    },
    onSuccess: async (secret) => {
      onClose();
      if (secret !== undefined) onCreated(secret);
      await qc.invalidateQueries({ queryKey: ['action-channels'] });
    },
    onError: (e) => {
      const fields = serverIssues(e).flatMap((i) => {
        const name = fieldOfIssue(i.path, CHANNEL_FIELDS);
        if (!name) return [];
        const w = issueWording(i);
        const key = `alerts.config.issue.${w.code}`;
        return [{ name, errors: [hasMessage(key) ? t(key, w.params) : i.message] }];
      });
      if (fields.length) form.setFields(fields as Parameters<typeof form.setFields>[0]);
    },
  });

  useEffect(() => {
    if (!editing) return;
    save.reset();
    form.resetFields();
    form.setFieldsValue(editing.mode === 'create' ? newChannelValues() : channelValues(editing.channel));
    // Reset only when the drawer opens or shows another channel.
  }, [editing]);

  const required = { required: true, message: t('alerts.common.required') };
  return (
    <Drawer
      open={!!editing}
      size={560}
      title={!editing ? '' : creating ? t('alerts.channels.create') : t('alerts.channels.editTitle', { name: editing.channel.name })}
      onClose={onClose}
      forceRender
      extra={
        <Space>
          <Button onClick={onClose}>{t('alerts.common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="channel-save">
            {t('alerts.common.save')}
          </Button>
        </Space>
      }
    >
      <div data-testid="channel-drawer">
        {creating && orgId && (
          <Typography.Paragraph type="secondary">
            {t('alerts.channels.forOrg')} <OrgName id={orgId} />
          </Typography.Paragraph>
        )}
        <ErrorAlert error={save.error} />
        <Form<ChannelFormValues> form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
          <Form.Item name="name" label={t('alerts.channels.name')} rules={[{ ...required, whitespace: true }, { max: 128, message: t('alerts.common.tooLong', { n: 128 }) }]}>
            <Input data-testid="channel-name" />
          </Form.Item>
          <Form.Item name="kind" label={t('alerts.channels.kind')} extra={creating ? t('alerts.channels.kindHint') : undefined}>
            <Radio.Group disabled={!creating}>
              {CHANNEL_KINDS.map((k) => (
                <Radio key={k} value={k}>
                  <span data-testid={`channel-kind-${k}`}>{t(`alerts.channels.kind.${k}`)}</span>
                </Radio>
              ))}
            </Radio.Group>
          </Form.Item>
          <Form.Item name="actionTypes" label={t('alerts.channels.actionTypes')} extra={t('alerts.channels.actionTypesHint')} rules={[{ required: true, type: 'array', min: 1, message: t('alerts.channels.actionTypesRequired') }]}>
            <Checkbox.Group options={CHANNEL_ACTION_TYPES.map((x) => ({ value: x, label: <span data-testid={`channel-type-${x}`}>{t(`alerts.actions.label.${x}`)}</span> }))} />
          </Form.Item>
          {kind === 'webhook' && (
            <Form.Item
              name="url"
              label={t('alerts.channels.url')}
              extra={t('alerts.channels.urlHint')}
              rules={[required, { pattern: /^https?:\/\/[^\s/]+/i, message: t('alerts.channels.urlInvalid') }, { max: 2048, message: t('alerts.common.tooLong', { n: 2048 }) }]}
            >
              <Input autoComplete="off" data-testid="channel-url" />
            </Form.Item>
          )}
          <Form.Item name="enabled" label={t('alerts.admin.enabled')} valuePropName="checked" extra={t('alerts.channels.enabledHint')}>
            <Switch data-testid="channel-enabled" />
          </Form.Item>
        </Form>
      </div>
    </Drawer>
  );
}
