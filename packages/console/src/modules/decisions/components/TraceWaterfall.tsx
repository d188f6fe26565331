import { Space, Table, Tag, Tooltip, Typography } from 'antd';
import { OutcomeTag } from '../../../components/OutcomeTag.tsx';
import { useFormat } from '../../../components/use-format.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import type { WaterfallRow } from '../trace-model.ts';

/** The flow's stages in order, each with its result and a bar placed by when it ran. */
export function TraceWaterfall({ rows }: { rows: WaterfallRow[] }) {
  const { t } = useI18n();
  const f = useFormat();
  return (
    <Table<WaterfallRow>
      size="small"
      pagination={false}
      rowKey={(r, i) => `${r.id}-${i ?? 0}`}
      dataSource={rows}
      data-testid="detail-trace"
      locale={{ emptyText: t('decisions.detail.noStages') }}
      expandable={{
        rowExpandable: (r) => r.output !== undefined,
        expandedRowRender: (r) => (
          <pre style={{ margin: 0, fontSize: 12, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }} data-testid="trace-output">
            {JSON.stringify(r.output, null, 2)}
          </pre>
        ),
      }}
      columns={[
        { title: t('decisions.detail.stage'), dataIndex: 'id', width: 160, render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
        { title: t('decisions.detail.stageType'), dataIndex: 'type', width: 110, render: (v: string) => <Tag>{v}</Tag> },
        {
          title: t('decisions.detail.stageResult'),
          key: 'result',
          width: 300,
          render: (_: unknown, r) => (
            <Space size={[4, 4]} wrap>
              {r.skipped && <Tag>{t('decisions.detail.skipped')}</Tag>}
              {r.outcome && <OutcomeTag outcome={r.outcome} />}
              {r.hits.map((h) => (
                <Tag key={h} color="volcano" data-testid="trace-hit">
                  {h}
                </Tag>
              ))}
              {r.errors.map((e) => (
                <Tooltip key={`${e.ref}-${e.code}`} title={e.message}>
                  <Tag color="red">{`${e.ref}: ${e.code}`}</Tag>
                </Tooltip>
              ))}
            </Space>
          ),
        },
        {
          title: t('decisions.detail.timing'),
          key: 'timing',
          render: (_: unknown, r) => (
            <Tooltip title={t('decisions.detail.stageTiming', { start: f.number(r.startMs, 3), ms: f.number(r.durationMs, 3) })}>
              <div style={{ position: 'relative', height: 14, background: 'rgba(0,0,0,0.04)', borderRadius: 2, minWidth: 160 }}>
                <div
                  data-testid="trace-bar"
                  style={{ position: 'absolute', left: `${r.offset * 100}%`, width: `max(2px, ${r.width * 100}%)`, top: 0, bottom: 0, background: r.errors.length ? '#f5222d' : r.hits.length ? '#fa8c16' : '#1677ff', borderRadius: 2 }}
                />
              </div>
            </Tooltip>
          ),
        },
        { title: t('decisions.detail.duration'), dataIndex: 'durationMs', width: 100, align: 'right', render: (v: number) => <span data-testid="trace-ms">{t('decisions.ms', { ms: f.number(v, 3) })}</span> },
      ]}
    />
  );
}
