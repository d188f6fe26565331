import { Card, Space, Table, Tag, Tooltip } from 'antd';
import { Link } from 'react-router';
import type { DecisionDetail, ShadowResult } from '../../../api/types.ts';
import { OutcomeTag } from '../../../components/OutcomeTag.tsx';
import { useI18n } from '../../../i18n/use-i18n.ts';

/** Challengers run on the same event, each outcome beside the champion's. */
export function DecisionShadowsCard({ shadows, champion }: { shadows: ShadowResult[]; champion: DecisionDetail }) {
  const { t } = useI18n();
  return (
    <Card size="small" title={t('decisions.detail.shadows')} style={{ marginBottom: 16 }}>
      <Table<ShadowResult>
        size="small"
        pagination={false}
        rowKey={(s) => `${s.strategy.id}@${s.strategy.version}`}
        dataSource={shadows}
        data-testid="detail-shadows"
        locale={{ emptyText: t('decisions.detail.noShadows') }}
        columns={[
          {
            title: t('decisions.detail.challenger'),
            key: 'strategy',
            render: (_: unknown, s) => <Link to={`/strategies/${encodeURIComponent(s.strategy.id)}/versions/${s.strategy.version}`}>{t('decisions.detail.strategyVersion', { id: s.strategy.id, v: s.strategy.version })}</Link>,
          },
          {
            title: t('decisions.detail.challengerOutcome'),
            dataIndex: 'outcome',
            render: (v: string) => (
              <Space>
                <OutcomeTag outcome={v} />
                {v !== champion.outcome && (
                  <Tooltip title={t('decisions.detail.differs')}>
                    <Tag color="magenta">{t('decisions.detail.differsShort')}</Tag>
                  </Tooltip>
                )}
              </Space>
            ),
          },
          { title: t('decisions.detail.championOutcome'), key: 'champion', render: () => <OutcomeTag outcome={champion.outcome} /> },
          { title: t('decisions.col.score'), dataIndex: 'score', align: 'right' },
          { title: t('decisions.col.rules'), dataIndex: 'hits', render: (h: string[]) => h.map((x) => <Tag key={x}>{x}</Tag>) },
        ]}
      />
    </Card>
  );
}
