import { Card, Empty, Space, Tag, Typography } from 'antd';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { BandsEditor, type Band } from './BandsEditor.tsx';
import { replaceAt, useEditorContext } from './editor-context.ts';

/** The score bands of every score stage (and model stage with bands), each validated as edited. */
export function ScoreBandsPanel() {
  const { t } = useI18n();
  const { pkg, update, readOnly } = useEditorContext();
  const stages = pkg.flow.stages.map((s, index) => ({ s, index })).filter(({ s }) => s.type === 'score' || (s.type === 'model' && s.bands));
  if (stages.length === 0) return <Empty description={t('strategyEditor.bands.none')} />;
  const setBands = (index: number, bands: Band[]) =>
    update?.((p) => ({ ...p, flow: { ...p.flow, stages: replaceAt(p.flow.stages, index, { ...p.flow.stages[index]!, bands } as (typeof p.flow.stages)[number]) } }));
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary">{t('strategyEditor.bands.help')}</Typography.Paragraph>
      {stages.map(({ s, index }) => (
        <Card
          key={index}
          size="small"
          title={
            <Space>
              <Typography.Text code>{s.id}</Typography.Text>
              <Tag>{t(`strategyEditor.stage.type.${s.type}`)}</Tag>
              {s.type === 'model' && <Typography.Text type="secondary">{s.model}</Typography.Text>}
            </Space>
          }
        >
          <BandsEditor testId={`bands-${s.id}`} bands={('bands' in s && s.bands) || []} onChange={readOnly ? undefined : (b) => setBands(index, b)} />
        </Card>
      ))}
    </Space>
  );
}
