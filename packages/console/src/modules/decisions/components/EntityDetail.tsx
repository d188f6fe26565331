import { Card, Descriptions, Space, Spin, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { decisionsApi } from '../../../api/decisions-api.ts';
import type { EntityKind } from '../../../api/types.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { OrgName } from '../../../components/OrgName.tsx';
import { OutcomeTag } from '../../../components/OutcomeTag.tsx';
import { useFormat } from '../../../components/use-format.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { useOrgQuery } from '../../org-scope/hooks/use-org-scope.ts';
import { EntityFeaturesCard } from './EntityFeaturesCard.tsx';
import { EntityListsCard } from './EntityListsCard.tsx';
import { EntityRecentDecisions } from './EntityRecentDecisions.tsx';

/** One entity's summary, list memberships, feature values and recent decisions. */
export function EntityDetail({ type, value }: { type: EntityKind; value: string }) {
  const { t } = useI18n();
  const f = useFormat();
  const orgQuery = useOrgQuery();
  const q = useQuery({ queryKey: ['entity', type, value, orgQuery], queryFn: () => decisionsApi.entity(type, value, orgQuery.org) });
  if (q.isLoading) return <Spin data-testid="entity-loading" />;
  if (q.error || !q.data) return <ErrorAlert error={q.error} />;
  const e = q.data;
  return (
    <div data-testid="entity-view">
      <Card size="small" style={{ marginBottom: 16 }} title={t('entity.summary')}>
        <Descriptions size="small" bordered column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label={t(`entity.type.${e.type}`)}>
            <Typography.Text strong data-testid="entity-display">
              {e.display}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('entity.total')}>
            <span data-testid="entity-total">{f.number(e.summary.total, 0)}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('entity.orgs')}>
            <Space wrap>
              {e.summary.orgs.map((o) => (
                <Tag key={o}>
                  <OrgName id={o} />
                </Tag>
              ))}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('entity.firstSeen')}>{f.dateTime(e.summary.firstSeen)}</Descriptions.Item>
          <Descriptions.Item label={t('entity.lastSeen')}>{f.dateTime(e.summary.lastSeen)}</Descriptions.Item>
          <Descriptions.Item label={t('entity.outcomes')}>
            <Space wrap data-testid="entity-outcomes">
              {Object.entries(e.summary.outcomes).map(([o, n]) => (
                <Space key={o} size={2}>
                  <OutcomeTag outcome={o} />
                  <span>{f.number(n, 0)}</span>
                </Space>
              ))}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('entity.fields')} span="filled">
            <Space size={[4, 4]} wrap>
              {e.fields.map((x) => (
                <Tag key={`${x.eventType}.${x.field}`}>{`${x.eventType}.${x.field}`}</Tag>
              ))}
            </Space>
          </Descriptions.Item>
        </Descriptions>
        {e.summary.total === 0 && <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0' }} data-testid="entity-unseen">{t('entity.unseen')}</Typography.Paragraph>}
      </Card>
      <EntityListsCard lists={e.lists} />
      <EntityFeaturesCard features={e.features} />
      <EntityRecentDecisions entity={e} />
    </div>
  );
}
