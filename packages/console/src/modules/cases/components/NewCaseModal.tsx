import { useEffect } from 'react';
import { Form, Input, InputNumber, Modal, Select, Space } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { casesApi } from '../../../api/cases-api.ts';
import { useText } from '../../../components/use-text.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { OrgTreeSelect } from '../../admin/components/OrgTreeSelect.tsx';
import { useOrgScope } from '../../org-scope/hooks/use-org-scope.ts';
import { ErrorDetails } from '../../strategies/components/ErrorDetails.tsx';
import { useCaseTypes } from '../hooks/use-case-types.ts';
import { CASE_PRIORITIES, CASE_SUBJECT_TYPES } from '../model/case-filters.ts';
import { newCaseRequest, subjectTypesOf, type NewCaseForm } from '../model/new-case.ts';

type Values = NewCaseForm & { orgId?: string };

/** Opens a case from scratch (a subject) and links alerts named by id; the new case opens next. */
export function NewCaseModal({ open, onClose }: { open: boolean; onClose(): void }) {
  const { t } = useI18n();
  const text = useText();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { canSwitch, selected } = useOrgScope();
  const [form] = Form.useForm<Values>();
  const orgId = Form.useWatch('orgId', form);
  const typeKey = Form.useWatch('type', form);
  const subjectType = Form.useWatch('subjectType', form);
  const types = useCaseTypes(orgId);
  const type = types.data?.find((ty) => ty.key === typeKey);
  const subjects = subjectTypesOf(type, CASE_SUBJECT_TYPES);
  const create = useMutation({
    mutationFn: (v: Values) => casesApi.create(newCaseRequest(v, v.orgId)),
    onSuccess: async (c) => {
      await qc.invalidateQueries({ queryKey: ['cases', 'search'] });
      qc.setQueryData(['cases', 'detail', c.id], c);
      onClose();
      await navigate(`/cases/${encodeURIComponent(c.id)}`);
    },
  });
  useEffect(() => {
    if (!open) return;
    create.reset();
    form.resetFields();
    form.setFieldsValue({ type: 'fraud_investigation', subjectType: 'card', priority: 'medium', currency: 'CNY', orgId: canSwitch ? selected : undefined });
    // Reset only when the dialog opens.
  }, [open]);
  // A subject type the chosen case type does not allow is replaced by its first.
  useEffect(() => {
    if (type && subjectType && !subjects.includes(subjectType)) form.setFieldValue('subjectType', subjects[0]);
  }, [type, subjectType, subjects, form]);

  return (
    <Modal
      open={open}
      width={640}
      title={t('cases.new.title')}
      okText={t('cases.new.submit')}
      cancelText={t('cases.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={create.isPending}
      okButtonProps={{ 'data-testid': 'new-case-submit' }}
      forceRender
    >
      <div data-testid="new-case-dialog">
        <ErrorDetails error={create.error} />
        <Form<Values> form={form} name="newCase" layout="vertical" onFinish={(v) => create.mutate(v)}>
          {canSwitch && (
            <Form.Item name="orgId" label={t('cases.field.org')}>
              <OrgTreeSelect allowClear placeholder={t('cases.new.ownOrg')} testId="new-case-org" style={{ width: '100%' }} />
            </Form.Item>
          )}
          <Form.Item name="type" label={t('cases.field.type')} rules={[{ required: true, message: t('cases.required') }]}>
            <Select loading={types.isLoading} options={(types.data ?? []).map((ty) => ({ value: ty.key, label: text(ty.name) }))} data-testid="new-case-type" />
          </Form.Item>
          <Form.Item label={t('cases.field.subject')} required extra={t('cases.new.subjectHint')}>
            <Space.Compact style={{ width: '100%' }}>
              <Form.Item name="subjectType" noStyle rules={[{ required: true, message: t('cases.required') }]}>
                <Select style={{ width: 140 }} options={subjects.map((s) => ({ value: s, label: t(`cases.subject.${s}`) }))} data-testid="new-case-subject-type" />
              </Form.Item>
              <Form.Item name="subjectKey" noStyle rules={[{ required: true, whitespace: true, message: t('cases.new.subjectRequired') }, { max: 256 }]}>
                <Input placeholder={t('cases.new.subjectPlaceholder')} autoComplete="off" data-testid="new-case-subject-key" />
              </Form.Item>
            </Space.Compact>
          </Form.Item>
          <Form.Item name="title" label={t('cases.field.title')} rules={[{ required: true, whitespace: true, message: t('cases.required') }, { max: 200 }]}>
            <Input data-testid="new-case-title" />
          </Form.Item>
          <Space wrap align="start">
            <Form.Item name="amount" label={t('cases.field.amount')}>
              <InputNumber min={0} style={{ width: 180 }} data-testid="new-case-amount" />
            </Form.Item>
            <Form.Item name="currency" label={t('cases.field.currency')} rules={[{ pattern: /^[A-Za-z]{3}$/, message: t('cases.new.currencyInvalid') }]}>
              <Input style={{ width: 90 }} maxLength={3} data-testid="new-case-currency" />
            </Form.Item>
            <Form.Item name="priority" label={t('cases.field.priority')}>
              <Select style={{ width: 140 }} options={CASE_PRIORITIES.map((p) => ({ value: p, label: t(`cases.priority.${p}`) }))} data-testid="new-case-priority" />
            </Form.Item>
          </Space>
          <Form.Item name="alerts" label={t('cases.new.alerts')} extra={t('cases.new.alertsHint')}>
            <Input.TextArea rows={2} data-testid="new-case-alerts" />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}
