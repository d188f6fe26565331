import { useEffect, useState } from 'react';
import { Button, Card, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Select, Space, Tag, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { Link } from 'react-router';
import { casesApi } from '../../../api/cases-api.ts';
import type { CasePriority, PatchCaseRequest } from '../../../api/types.ts';
import { OrgName } from '../../../components/OrgName.tsx';
import { useFormat } from '../../../components/use-format.ts';
import { useText } from '../../../components/use-text.ts';
import { hasMessage, type MessageKey } from '../../../i18n/translate.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { ErrorDetails } from '../../strategies/components/ErrorDetails.tsx';
import { useCasePage } from '../hooks/case-page-context.ts';
import { useCaseWrite } from '../hooks/use-case-write.ts';
import { CASE_PRIORITIES } from '../model/case-filters.ts';
import { actorName, isOverdue } from '../model/case-workflow.ts';
import { CaseStateTag, OutcomeTag, PriorityTag, SubjectText } from './CaseTags.tsx';

/** The case at a glance: number, title, type, state, priority, subject, org, amount, typology, dates. */
export function CaseHeader() {
  const { t } = useI18n();
  const text = useText();
  const f = useFormat();
  const { c, mayWork } = useCasePage();
  const [editing, setEditing] = useState(false);
  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      data-testid="case-header"
      extra={
        mayWork && (
          <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="case-edit">
            {t('cases.edit.button')}
          </Button>
        )
      }
      title={
        <Space>
          <Typography.Text copyable={{ text: c.number }} data-testid="case-number">
            {c.number}
          </Typography.Text>
          <span data-testid="case-state">
            <CaseStateTag state={c.state} stateName={c.stateName} phase={c.phase} />
          </span>
          <PriorityTag priority={c.priority} />
          {c.outcome && <OutcomeTag outcome={c.outcome} />}
        </Space>
      }
    >
      <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
        <Descriptions.Item label={t('cases.field.title')}>{c.title}</Descriptions.Item>
        <Descriptions.Item label={t('cases.field.type')}>{text(c.typeName)}</Descriptions.Item>
        <Descriptions.Item label={t('cases.field.phase')}>{t(`cases.phase.${c.phase}`)}</Descriptions.Item>
        <Descriptions.Item label={t('cases.field.subject')}>
          <SubjectText type={c.subjectType} display={c.subjectDisplay} />
        </Descriptions.Item>
        <Descriptions.Item label={t('cases.field.org')}>
          <OrgName id={c.orgId} />
        </Descriptions.Item>
        <Descriptions.Item label={t('cases.field.amount')}>
          <span data-testid="case-amount">{c.amount === null ? '—' : `${f.number(c.amount)} ${c.currency ?? ''}`}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('cases.field.typology')}>{c.typology ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('cases.field.due')}>{c.dueAt ? <Typography.Text type={isOverdue(c.dueAt, c.phase) ? 'danger' : undefined}>{f.dateTime(c.dueAt)}</Typography.Text> : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('cases.field.opened')}>{t('cases.detail.openedBy', { at: f.dateTime(c.openedAt), by: actorName(c.openedBy) })}</Descriptions.Item>
        <Descriptions.Item label={t('cases.field.source')}>
          <Tag>{hasMessage(`cases.source.${c.source}`) ? t(`cases.source.${c.source}` as MessageKey) : c.source}</Tag>
        </Descriptions.Item>
        {c.closedAt && <Descriptions.Item label={t('cases.field.closed')}>{f.dateTime(c.closedAt)}</Descriptions.Item>}
        {c.mergedInto && (
          <Descriptions.Item label={t('cases.field.mergedInto')}>
            <Link to={`/cases/${encodeURIComponent(c.mergedInto)}`} data-testid="case-merged-into">
              {t('cases.detail.openMergedInto')}
            </Link>
          </Descriptions.Item>
        )}
      </Descriptions>
      <EditCaseModal open={editing} onClose={() => setEditing(false)} />
    </Card>
  );
}

interface EditValues {
  title: string;
  priority: CasePriority;
  amount?: number | null;
  currency?: string;
  typology?: string;
  dueAt?: Dayjs | null;
}

/** Changes the case's own fields (PATCH with the version read). */
function EditCaseModal({ open, onClose }: { open: boolean; onClose(): void }) {
  const { t } = useI18n();
  const { c } = useCasePage();
  const [form] = Form.useForm<EditValues>();
  const save = useCaseWrite((id, v: EditValues) => {
    const currency = v.currency?.trim().toUpperCase();
    const body: PatchCaseRequest = {
      version: c.version,
      title: v.title.trim(),
      priority: v.priority,
      amount: v.amount ?? null,
      currency: currency || null,
      typology: v.typology?.trim() || null,
      dueAt: v.dueAt ? v.dueAt.toISOString() : null,
    };
    return casesApi.patch(id, body);
  }, onClose, onClose);
  // Each opening starts from the case as it is now (before the user can type: effects run on commit).
  useEffect(() => {
    if (!open) return;
    save.reset();
    form.setFieldsValue({ title: c.title, priority: c.priority, amount: c.amount, currency: c.currency ?? undefined, typology: c.typology ?? undefined, dueAt: c.dueAt ? dayjs(c.dueAt) : null });
    // Only when the dialog opens.
  }, [open]);
  return (
    <Modal
      open={open}
      title={t('cases.edit.title')}
      okText={t('cases.save')}
      cancelText={t('cases.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'case-edit-save' }}
      forceRender
    >
      <ErrorDetails error={save.error} />
      <Form<EditValues> form={form} name="editCase" layout="vertical" onFinish={(v) => save.mutate(v)}>
        <Form.Item name="title" label={t('cases.field.title')} rules={[{ required: true, whitespace: true, message: t('cases.required') }, { max: 200 }]}>
          <Input />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item name="priority" label={t('cases.field.priority')}>
            <Select style={{ width: 140 }} options={CASE_PRIORITIES.map((p) => ({ value: p, label: t(`cases.priority.${p}`) }))} />
          </Form.Item>
          <Form.Item name="amount" label={t('cases.field.amount')}>
            <InputNumber min={0} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="currency" label={t('cases.field.currency')} rules={[{ pattern: /^[A-Za-z]{3}$/, message: t('cases.new.currencyInvalid') }]}>
            <Input style={{ width: 90 }} maxLength={3} />
          </Form.Item>
        </Space>
        <Form.Item name="typology" label={t('cases.field.typology')} rules={[{ max: 64 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="dueAt" label={t('cases.field.due')}>
          <DatePicker showTime style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
