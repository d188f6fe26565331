import { useEffect } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Col, Drawer, Form, Input, InputNumber, Row, Select, Space, Switch, TreeSelect, Typography } from 'antd';
import { adminApiClient } from '../../../api/admin-api.ts';
import { alertsApi } from '../../../api/alerts-api.ts';
import { eventTypeChoices } from '../../../api/decisions-api.ts';
import type { AlertQueue } from '../../../api/types.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { useText } from '../../../components/use-text.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { OrgTreeSelect } from '../../admin/components/OrgTreeSelect.tsx';
import { serverIssues } from '../../lists/utils/server-issues.ts';
import { useOrgScope } from '../../org-scope/hooks/use-org-scope.ts';
import { orgTree } from '../../org-scope/org-tree.ts';
import { usePermissions } from '../../session/hooks/use-permissions.ts';
import { useAlertCategories } from '../hooks/use-alert-categories.ts';
import { ALERT_LEVELS, ASSIGNMENT_MODES } from '../utils/alert-model.ts';
import { fieldOfIssue, newQueueValues, QUEUE_FIELDS, queueBody, queueValues, type QueueFormValues } from '../utils/config-forms.ts';

export type QueueEditing = { mode: 'create'; orgId?: string } | { mode: 'edit' | 'view'; queue: AlertQueue };

/**
 * Creates, edits or (an inherited queue) shows a queue: names, position, the filters that pick its
 * alerts, the roles that serve it, how it assigns, the SLA per level and where it escalates.
 * The server's refusals are shown at the field they name.
 */
export function QueueDrawer({ editing, queues, onClose }: { editing: QueueEditing | undefined; queues: AlertQueue[]; onClose(): void }) {
  const { t } = useI18n();
  const text = useText();
  const qc = useQueryClient();
  const permissions = usePermissions();
  const { orgs } = useOrgScope();
  const { categories } = useAlertCategories();
  const [form] = Form.useForm<QueueFormValues>();
  const roles = useQuery({ queryKey: ['admin', 'roles'], queryFn: adminApiClient.roles, enabled: !!editing && permissions.has('user.read'), staleTime: 300_000 });
  const eventTypes = useQuery({ queryKey: ['event-types', 'choices'], queryFn: eventTypeChoices, enabled: !!editing && permissions.has('event_type.read'), staleTime: 300_000 });
  const readOnly = editing?.mode === 'view';
  const creating = editing?.mode === 'create';
  const selfId = editing && editing.mode !== 'create' ? editing.queue.id : undefined;
  const orgId = Form.useWatch('orgId', form);

  const save = useMutation({
    mutationFn: (v: QueueFormValues) => (editing?.mode === 'edit' ? alertsApi.replaceQueue(editing.queue.id, queueBody(v, false)) : alertsApi.createQueue(queueBody(v, true))),
    onSuccess: async () => {
      onClose();
      await qc.invalidateQueries({ queryKey: ['alert-queues'] });
    },
    onError: (e) => {
      const fields = serverIssues(e).flatMap((i) => {
        const name = fieldOfIssue(i.path, QUEUE_FIELDS);
        return name ? [{ name, errors: [i.message] }] : [];
      });
      if (fields.length) form.setFields(fields as Parameters<typeof form.setFields>[0]);
    },
  });

  useEffect(() => {
    if (!editing) return;
    save.reset();
    form.resetFields();
    form.setFieldsValue(editing.mode === 'create' ? newQueueValues(editing.orgId) : queueValues(editing.queue));
    // Reset only when the drawer opens or shows another queue.
  }, [editing]);

  const roleOptions = (roles.data?.items ?? []).map((r) => ({ value: r.id, label: `${text(r.name)} · ${r.id}` }));
  const escalateOptions = queues
    .filter((q) => q.id !== selfId && (q.inherited || q.orgId === (orgId ?? (editing && editing.mode !== 'create' ? editing.queue.orgId : undefined))))
    .map((q) => ({ value: q.id, label: text(q.name) }));
  const required = { required: true, message: t('alerts.common.required') };

  return (
    <Drawer
      open={!!editing}
      size={720}
      title={creating ? t('alerts.admin.queueCreate') : editing ? text(editing.queue.name) : ''}
      onClose={onClose}
      forceRender
      extra={
        !readOnly && (
          <Space>
            <Button onClick={onClose}>{t('alerts.common.cancel')}</Button>
            <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="queue-save">
              {t('alerts.common.save')}
            </Button>
          </Space>
        )
      }
    >
      <div data-testid="queue-drawer">
        {readOnly && <Typography.Paragraph type="secondary">{t('alerts.admin.inheritedReadOnly')}</Typography.Paragraph>}
        <ErrorAlert error={save.error} />
        <Form<QueueFormValues> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} disabled={readOnly}>
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name={['name', 'zh']} label={t('alerts.admin.nameZh')} rules={[required, { max: 200 }]}>
                <Input data-testid="queue-name-zh" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name={['name', 'en']} label={t('alerts.admin.nameEn')} rules={[required, { max: 200 }]}>
                <Input data-testid="queue-name-en" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="orgId" label={t('alerts.col.org')} extra={creating ? t('alerts.admin.orgHint') : undefined}>
                <OrgTreeSelect disabled={!creating} testId="queue-org" style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="position" label={t('alerts.admin.position')} extra={t('alerts.admin.positionHint')} rules={[required]}>
                <InputNumber min={0} max={10_000} precision={0} style={{ width: '100%' }} data-testid="queue-position" />
              </Form.Item>
            </Col>
          </Row>
          <Typography.Title level={5}>{t('alerts.admin.filters')}</Typography.Title>
          <Typography.Paragraph type="secondary">{t('alerts.admin.filtersHint')}</Typography.Paragraph>
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name={['filters', 'categories']} label={t('alerts.queues.categories')}>
                <Select mode="tags" allowClear placeholder={t('alerts.queues.any')} options={categories.map((c) => ({ value: c.key, label: `${text(c.name)} · ${c.key}` }))} data-testid="queue-categories" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name={['filters', 'levels']} label={t('alerts.queues.levels')}>
                <Select mode="multiple" allowClear placeholder={t('alerts.queues.any')} options={[...ALERT_LEVELS].reverse().map((l) => ({ value: l, label: t(`alerts.level.${l}`) }))} data-testid="queue-levels" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name={['filters', 'eventTypes']} label={t('alerts.queues.eventTypes')}>
                <Select mode="tags" allowClear placeholder={t('alerts.queues.any')} options={(eventTypes.data ?? []).map((e) => ({ value: e.key, label: `${e.key} · ${text(e.name)}` }))} data-testid="queue-event-types" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name={['filters', 'orgs']} label={t('alerts.queues.orgs')} extra={t('alerts.admin.orgsHint')}>
                <TreeSelect multiple allowClear treeDefaultExpandAll treeData={orgTree(orgs, (o) => text(o.name))} placeholder={t('alerts.queues.any')} data-testid="queue-orgs" />
              </Form.Item>
            </Col>
          </Row>
          <Typography.Title level={5}>{t('alerts.admin.handling')}</Typography.Title>
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name="roles" label={t('alerts.queues.roles')} extra={t('alerts.admin.rolesHint')} rules={[{ required: true, type: 'array', min: 1, message: t('alerts.admin.rolesRequired') }]}>
                <Select mode={roleOptions.length ? 'multiple' : 'tags'} options={roleOptions.length ? roleOptions : undefined} data-testid="queue-roles" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="assignment" label={t('alerts.queues.assignment')} rules={[required]}>
                <Select options={ASSIGNMENT_MODES.map((m) => ({ value: m, label: t(`alerts.assignment.${m}`) }))} data-testid="queue-assignment" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item label={t('alerts.admin.slaMinutes')} extra={t('alerts.admin.slaHint')} style={{ marginBottom: 0 }}>
            <Row gutter={12}>
              {[...ALERT_LEVELS].reverse().map((l) => (
                <Col span={6} key={l}>
                  <Form.Item name={['slaMinutes', l]} label={t(`alerts.level.${l}`)}>
                    <InputNumber min={1} max={43_200} precision={0} style={{ width: '100%' }} placeholder={t('alerts.admin.noSla')} data-testid={`queue-sla-${l}`} />
                  </Form.Item>
                </Col>
              ))}
            </Row>
          </Form.Item>
          <Row gutter={12}>
            <Col span={16}>
              <Form.Item name="escalateTo" label={t('alerts.queues.escalateTo')} extra={t('alerts.admin.escalateHint')}>
                <Select allowClear placeholder={t('alerts.queues.noEscalation')} options={escalateOptions} data-testid="queue-escalate" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="enabled" label={t('alerts.admin.enabled')} valuePropName="checked">
                <Switch data-testid="queue-enabled" />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </div>
    </Drawer>
  );
}
