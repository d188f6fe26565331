import { useEffect } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Button, DatePicker, Form, Input, Modal, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { catalogApi } from '../../../api/catalog-api.ts';
import type { ListEntryInput, RiskList } from '../../../api/types.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { EXPIRY_DAY_PRESETS, expiresAtOf, type ExpiryChoice } from '../utils/entry-expiry.ts';
import { issuesByEntry, serverIssues } from '../utils/server-issues.ts';

interface Row {
  value: string;
  reason?: string;
  expiry: string;
  date?: Dayjs;
}

const MAX_ROWS = 50;

function choiceOf(row: Row): ExpiryChoice {
  if (row.expiry === 'date' && row.date) return { mode: 'date', date: row.date.format('YYYY-MM-DD') };
  if (row.expiry.startsWith('d')) return { mode: 'days', days: Number(row.expiry.slice(1)) };
  return { mode: 'never' };
}

/** Adds entries (all or nothing); the server's problem with each entry is shown under it. */
export function AddEntriesModal({ open, list, onClose, onAdded }: { open: boolean; list: RiskList; onClose(): void; onAdded(n: number): void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ entries: Row[] }>();
  const add = useMutation({
    mutationFn: (entries: ListEntryInput[]) => catalogApi.lists.addEntries(list.id, entries),
    onSuccess: (r) => onAdded(r.added),
    onError: (e) => {
      const byEntry = issuesByEntry(serverIssues(e));
      form.setFields([...byEntry].map(([i, issues]) => ({ name: ['entries', i, issues[0]!.path.endsWith('.expiresAt') ? 'expiry' : issues[0]!.path.endsWith('.reason') ? 'reason' : 'value'], errors: issues.map((x) => x.message) })));
    },
  });
  useEffect(() => {
    if (!open) return;
    add.reset();
    form.resetFields();
    form.setFieldsValue({ entries: [{ value: '', reason: '', expiry: 'never' }] });
    // Reset only when the dialog opens.
  }, [open]);
  const expiryOptions = [
    { value: 'never', label: t('lists.entries.never') },
    ...EXPIRY_DAY_PRESETS.map((d) => ({ value: `d${d}`, label: t('lists.entries.inDays', { n: d }) })),
    { value: 'date', label: t('lists.entries.onDate') },
  ];
  const submit = (v: { entries: Row[] }) =>
    add.mutate(v.entries.map((r) => ({ value: r.value.trim(), reason: r.reason?.trim() ?? '', source: 'manual', expiresAt: expiresAtOf(choiceOf(r)) })));
  return (
    <Modal
      open={open}
      width={880}
      title={t('lists.entries.addTitle', { key: list.key })}
      okText={t('lists.entries.add')}
      cancelText={t('lists.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={add.isPending}
      okButtonProps={{ 'data-testid': 'entries-add-ok' }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{list.dimension === 'card' ? t('lists.entries.addCardHint') : t('lists.entries.addHint')}</Typography.Paragraph>
      <ErrorAlert error={add.error} />
      <Form form={form} layout="vertical" onFinish={submit} data-testid="entries-add-form">
        <Form.List name="entries">
          {(fields, ops) => (
            <>
              {fields.map((f, i) => (
                <Space key={f.key} align="start" wrap style={{ display: 'flex' }}>
                  <Form.Item name={[f.name, 'value']} label={i === 0 ? t('lists.entries.value') : undefined} rules={[{ required: true, whitespace: true, message: t('lists.form.required') }, { max: 256 }]} style={{ width: 260 }}>
                    <Input data-testid={`entry-value-${i}`} autoComplete="off" />
                  </Form.Item>
                  <Form.Item name={[f.name, 'reason']} label={i === 0 ? t('lists.entries.reason') : undefined} rules={[{ max: 500 }]} style={{ width: 240 }}>
                    <Input data-testid={`entry-reason-${i}`} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'expiry']} label={i === 0 ? t('lists.entries.expiresAt') : undefined} style={{ width: 140 }}>
                    <Select options={expiryOptions} data-testid={`entry-expiry-${i}`} />
                  </Form.Item>
                  <Form.Item noStyle shouldUpdate>
                    {() =>
                      form.getFieldValue(['entries', f.name, 'expiry']) === 'date' ? (
                        <Form.Item name={[f.name, 'date']} label={i === 0 ? t('lists.entries.onDate') : undefined} rules={[{ required: true, message: t('lists.form.required') }]}>
                          <DatePicker disabledDate={(d) => d.isBefore(new Date(), 'day')} data-testid={`entry-date-${i}`} />
                        </Form.Item>
                      ) : null
                    }
                  </Form.Item>
                  {fields.length > 1 && (
                    <Button type="link" danger onClick={() => ops.remove(f.name)} style={{ marginTop: i === 0 ? 30 : 0 }}>
                      {t('lists.entries.removeRow')}
                    </Button>
                  )}
                </Space>
              ))}
              {fields.length < MAX_ROWS && (
                <Button type="dashed" onClick={() => ops.add({ value: '', reason: '', expiry: 'never' })} data-testid="entries-add-row">
                  {t('lists.entries.addRow')}
                </Button>
              )}
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
