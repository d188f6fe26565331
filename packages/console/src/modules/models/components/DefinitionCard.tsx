import { Card, Collapse, Descriptions, Typography } from 'antd';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { definitionSummary } from '../model/artefact.ts';

/** The engine definition of a model without a Vigil artefact: what it is made of, and the document itself. */
export function DefinitionCard({ definition, features }: { definition: unknown; features: readonly string[] }) {
  const { t } = useI18n();
  const s = definitionSummary(definition);
  const json = JSON.stringify(definition, null, 2) ?? '';
  const show = (v: number | string | null) => (v === null ? '—' : String(v));
  return (
    <Card size="small" title={t('models.definition.title')} style={{ marginBottom: 16 }} data-testid="definition-card">
      <Descriptions size="small" column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label={t('models.definition.trees')}>
          <span data-testid="definition-trees">{show(s.trees)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('models.definition.nodes')}>{show(s.nodes)}</Descriptions.Item>
        <Descriptions.Item label={t('models.definition.terms')}>{show(s.terms)}</Descriptions.Item>
        <Descriptions.Item label={t('models.definition.base')}>{show(s.base)}</Descriptions.Item>
        <Descriptions.Item label={t('models.definition.objective')}>{show(s.objective)}</Descriptions.Item>
        <Descriptions.Item label={t('models.col.features')}>{features.length}</Descriptions.Item>
      </Descriptions>
      <Typography.Paragraph style={{ marginTop: 8 }}>
        {features.map((name) => (
          <Typography.Text key={name} code>
            {name}
          </Typography.Text>
        ))}
      </Typography.Paragraph>
      <Collapse
        size="small"
        items={[
          {
            key: 'json',
            label: t('models.definition.document', { size: json.length }),
            children: <pre style={{ margin: 0, maxHeight: 420, overflow: 'auto', fontSize: 12 }}>{json.length > 200_000 ? `${json.slice(0, 200_000)}\n…` : json}</pre>,
          },
        ]}
      />
    </Card>
  );
}
