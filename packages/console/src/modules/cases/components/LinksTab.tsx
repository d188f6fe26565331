import { Button, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { casesApi } from '../../../api/cases-api.ts';
import type { CaseLink, CaseLinkRequest, EntityKind } from '../../../api/types.ts';
import { useFormat } from '../../../components/use-format.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { ENTITY_TYPES } from '../../decisions/search-filters.ts';
import { ErrorDetails } from '../../strategies/components/ErrorDetails.tsx';
import { useCasePage } from '../hooks/case-page-context.ts';
import { useCaseWrite } from '../hooks/use-case-write.ts';
import { actorName } from '../model/case-workflow.ts';
import { parseIds } from '../model/new-case.ts';

type LinkKind = CaseLink['kind'];
const LINK_KINDS: LinkKind[] = ['alert', 'decision', 'entity'];

/** Where a link leads in the console: the alert, the decision with its trace, the entity's view. */
export function linkTarget(l: Pick<CaseLink, 'kind' | 'alertId' | 'decisionId' | 'entityType' | 'entityKey'>): string | undefined {
  if (l.kind === 'alert' && l.alertId) return `/alerts/${encodeURIComponent(l.alertId)}`;
  if (l.kind === 'decision' && l.decisionId) return `/decisions/${encodeURIComponent(l.decisionId)}`;
  if (l.kind === 'entity' && l.entityType && l.entityKey) return `/entity/${encodeURIComponent(l.entityType)}/${encodeURIComponent(l.entityKey)}`;
  return undefined;
}

interface LinkValues {
  kind: LinkKind;
  ids?: string;
  entityType?: EntityKind;
  entityKey?: string;
}

function linkRequest(v: LinkValues): CaseLinkRequest {
  if (v.kind === 'entity') return { entities: [{ type: v.entityType!, key: v.entityKey!.trim() }] };
  const ids = parseIds(v.ids);
  return v.kind === 'alert' ? { alerts: ids } : { decisions: ids.map((decisionId) => ({ decisionId })) };
}

/** What the case links: alerts (→ /alerts/<id>), decisions (→ /decisions/<id>) and entities; add more. */
export function LinksTab() {
  const { t } = useI18n();
  const f = useFormat();
  const { c, mayWork } = useCasePage();
  const [form] = Form.useForm<LinkValues>();
  const kind = Form.useWatch('kind', form);
  const add = useCaseWrite((id, v: LinkValues) => casesApi.addLinks(id, linkRequest(v)), () => form.resetFields());
  return (
    <div data-testid="case-links">
      <ErrorDetails error={add.error} />
      <Table<CaseLink>
        size="small"
        rowKey={(l) => l.id}
        pagination={false}
        dataSource={c.links}
        locale={{ emptyText: t('cases.links.empty') }}
        columns={[
          { title: t('cases.links.kind'), dataIndex: 'kind', width: 110, render: (k: LinkKind) => <Tag>{t(`cases.links.kinds.${k}`)}</Tag> },
          {
            title: t('cases.links.what'),
            key: 'what',
            render: (_: unknown, l) => {
              const to = linkTarget(l);
              return to ? (
                <Link to={to} data-testid={`link-${l.kind}`}>
                  {l.display}
                </Link>
              ) : (
                l.display
              );
            },
          },
          { title: t('cases.links.event'), key: 'event', render: (_: unknown, l) => (l.eventId ? <Typography.Text type="secondary">{`${l.eventType ?? ''} · ${l.eventId}`}</Typography.Text> : null) },
          { title: t('cases.links.addedBy'), dataIndex: 'addedBy', width: 150, render: (v: string) => actorName(v) },
          { title: t('cases.links.addedAt'), dataIndex: 'addedAt', width: 170, render: (v: string) => f.dateTime(v) },
          { title: '', key: 'origin', width: 120, render: (_: unknown, l) => (l.originCaseId ? <Tag color="cyan">{t('cases.fromMerged')}</Tag> : null) },
        ]}
      />
      {mayWork && (
        <Form<LinkValues> form={form} name="links" layout="inline" style={{ marginTop: 12, rowGap: 8 }} initialValues={{ kind: 'alert' }} onFinish={(v) => add.mutate(v)}>
          <Form.Item name="kind">
            <Select style={{ width: 130 }} options={LINK_KINDS.map((k) => ({ value: k, label: t(`cases.links.kinds.${k}`) }))} data-testid="link-kind" />
          </Form.Item>
          {kind === 'entity' ? (
            <Space.Compact>
              <Form.Item name="entityType" noStyle rules={[{ required: true, message: t('cases.required') }]}>
                <Select style={{ width: 140 }} placeholder={t('cases.links.entityType')} options={ENTITY_TYPES.map((k) => ({ value: k, label: t(`entity.type.${k}`) }))} />
              </Form.Item>
              <Form.Item name="entityKey" noStyle rules={[{ required: true, whitespace: true, message: t('cases.required') }, { max: 256 }]}>
                <Input style={{ width: 260 }} placeholder={t('cases.links.entityKey')} data-testid="link-entity-key" />
              </Form.Item>
            </Space.Compact>
          ) : (
            <Form.Item name="ids" rules={[{ required: true, whitespace: true, message: t('cases.required') }]}>
              <Input style={{ width: 400 }} placeholder={kind === 'decision' ? t('cases.links.decisionIds') : t('cases.links.alertIds')} data-testid="link-ids" />
            </Form.Item>
          )}
          <Button htmlType="submit" loading={add.isPending} data-testid="link-add">
            {t('cases.links.add')}
          </Button>
        </Form>
      )}
    </div>
  );
}
