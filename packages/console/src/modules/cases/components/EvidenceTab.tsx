import { Button, Form, Input, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { casesApi } from '../../../api/cases-api.ts';
import type { CaseEvidence, EvidenceKind } from '../../../api/types.ts';
import { useFormat } from '../../../components/use-format.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { ErrorDetails } from '../../strategies/components/ErrorDetails.tsx';
import { useCasePage } from '../hooks/case-page-context.ts';
import { useCaseWrite } from '../hooks/use-case-write.ts';
import { actorName } from '../model/case-workflow.ts';
import { linkTarget } from './LinksTab.tsx';

const EVIDENCE_KINDS: EvidenceKind[] = ['document', 'screenshot', 'transaction', 'communication', 'statement', 'recording', 'other'];

interface EvidenceValues {
  kind: EvidenceKind;
  description: string;
  /** `attachment:<id>`, `link:<id>` or empty. */
  ref?: string;
}

/** The evidence list: what proves the case, each item referring to an attachment or a link of the case. */
export function EvidenceTab() {
  const { t } = useI18n();
  const f = useFormat();
  const { c, mayWork } = useCasePage();
  const [form] = Form.useForm<EvidenceValues>();
  const add = useCaseWrite(
    (id, v: EvidenceValues) => {
      const [refKind, refId] = v.ref ? v.ref.split(':') : [];
      return casesApi.addEvidence(id, { kind: v.kind, description: v.description.trim(), ...(refKind === 'attachment' ? { attachmentId: refId } : refKind === 'link' ? { linkId: refId } : {}) });
    },
    () => form.resetFields(),
  );
  const remove = useCaseWrite((id, evidenceId: string) => casesApi.removeEvidence(id, evidenceId));
  const attachment = (id: string | null) => c.attachments.find((a) => a.id === id);
  const link = (id: string | null) => c.links.find((l) => l.id === id);
  const refOptions = [
    ...c.attachments.map((a) => ({ value: `attachment:${a.id}`, label: t('cases.evidence.refAttachment', { name: a.fileName }) })),
    ...c.links.map((l) => ({ value: `link:${l.id}`, label: t('cases.evidence.refLink', { kind: t(`cases.links.kinds.${l.kind}`), name: l.display }) })),
  ];
  return (
    <div data-testid="case-evidence">
      <ErrorDetails error={add.error ?? remove.error} />
      <Table<CaseEvidence>
        size="small"
        rowKey={(e) => e.id}
        pagination={false}
        dataSource={c.evidence}
        locale={{ emptyText: t('cases.evidence.empty') }}
        onRow={(e) => ({ 'data-testid': `evidence-${e.kind}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('cases.evidence.kind'), dataIndex: 'kind', width: 130, render: (k: EvidenceKind) => <Tag>{t(`cases.evidence.kinds.${k}`)}</Tag> },
          { title: t('cases.evidence.description'), dataIndex: 'description', render: (v: string) => <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{v}</Typography.Text> },
          {
            title: t('cases.evidence.ref'),
            key: 'ref',
            render: (_: unknown, e) => {
              const a = attachment(e.attachmentId);
              if (a) return <a href={casesApi.attachmentUrl(c.id, a.id)} download={a.fileName} data-testid="evidence-attachment">{a.fileName}</a>;
              const l = link(e.linkId);
              const to = l && linkTarget(l);
              if (l) return to ? <Link to={to}>{l.display}</Link> : l.display;
              return '—';
            },
          },
          { title: t('cases.evidence.addedBy'), dataIndex: 'addedBy', width: 140, render: (v: string) => actorName(v) },
          { title: t('cases.evidence.addedAt'), dataIndex: 'addedAt', width: 170, render: (v: string) => f.dateTime(v) },
          ...(mayWork
            ? [
                {
                  title: t('cases.actions'),
                  key: 'actions',
                  width: 90,
                  render: (_: unknown, e: CaseEvidence) => (
                    <Popconfirm title={t('cases.evidence.removeConfirm')} okText={t('cases.confirm')} cancelText={t('cases.cancel')} onConfirm={() => remove.mutate(e.id)}>
                      <Button type="link" size="small" danger data-testid="evidence-remove">
                        {t('cases.remove')}
                      </Button>
                    </Popconfirm>
                  ),
                },
              ]
            : []),
        ]}
      />
      {mayWork && (
        <Form<EvidenceValues> form={form} name="evidence" layout="vertical" style={{ marginTop: 16, maxWidth: 720 }} initialValues={{ kind: 'document' }} onFinish={(v) => add.mutate(v)}>
          <Space wrap align="start">
            <Form.Item name="kind" label={t('cases.evidence.kind')}>
              <Select style={{ width: 160 }} options={EVIDENCE_KINDS.map((k) => ({ value: k, label: t(`cases.evidence.kinds.${k}`) }))} data-testid="evidence-kind" />
            </Form.Item>
            <Form.Item name="ref" label={t('cases.evidence.ref')}>
              <Select allowClear style={{ width: 360 }} placeholder={t('cases.evidence.refNone')} options={refOptions} data-testid="evidence-ref" />
            </Form.Item>
          </Space>
          <Form.Item name="description" label={t('cases.evidence.description')} rules={[{ required: true, whitespace: true, message: t('cases.required') }, { max: 2000 }]}>
            <Input.TextArea rows={2} data-testid="evidence-description" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={add.isPending} data-testid="evidence-add">
            {t('cases.evidence.add')}
          </Button>
        </Form>
      )}
    </div>
  );
}
