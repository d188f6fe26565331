import { Alert, Card, Col, Row, Space, Spin, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { modelsApi } from '../../../api/models-api.ts';
import type { DatasetColumn } from '../../../api/types.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { ErrorDetails } from '../../strategies/components/ErrorDetails.tsx';
import type { ManualBinning } from '../model/fit-form.ts';
import { groupsOfBinning } from '../model/groups.ts';
import { BinningChart, BinningTable } from './BinningView.tsx';
import { BreaksEditor } from './BreaksEditor.tsx';
import { GroupsEditor } from './GroupsEditor.tsx';

/**
 * One variable's binning on the data set: the optimal one, or the one edited by hand (the edit is
 * the page's, sent again with the fit). Each recompute asks the server for the table again.
 */
export function VariableBinningCard(p: { datasetId: string; target: string; bad: string; column: DatasetColumn; edit: ManualBinning | undefined; onEdit: (edit: ManualBinning | undefined) => void }) {
  const { t } = useI18n();
  const name = p.column.name;
  const q = useQuery({
    queryKey: ['models', 'binning', p.datasetId, p.target, p.bad, name, p.edit ?? null],
    queryFn: () => modelsApi.bin(p.datasetId, { target: p.target, bad: p.bad, variable: name, ...(p.edit ?? {}) }),
    staleTime: Number.POSITIVE_INFINITY,
    // While a recompute of the same variable runs, the previous table stays.
    placeholderData: (prev, prevQuery) => (prevQuery?.queryKey[5] === name ? prev : undefined),
  });
  const b = q.data;
  const editorKey = b ? `${name}|${JSON.stringify(b.breaks ?? groupsOfBinning(b))}` : name;
  return (
    <Card
      size="small"
      data-testid="variable-binning"
      data-variable={name}
      title={
        <Space>
          <Typography.Text code>{name}</Typography.Text>
          {p.edit && (
            <Tag color="orange" data-testid="binning-manual">
              {t('models.binning.manual')}
            </Tag>
          )}
        </Space>
      }
    >
      <ErrorDetails error={q.error} />
      {q.isLoading && <Spin />}
      {b && (
        <Row gutter={[16, 16]} style={{ opacity: q.isFetching ? 0.6 : 1 }}>
          <Col xs={24} xxl={13}>
            <BinningTable binning={b} />
          </Col>
          <Col xs={24} xxl={11}>
            <BinningChart binning={b} height={280} />
          </Col>
          <Col span={24}>
            {b.type === 'numeric' ? (
              <BreaksEditor key={editorKey} current={b.breaks ?? []} range={{ min: p.column.min, max: p.column.max }} manual={!!p.edit} pending={q.isFetching} onApply={(breaks) => p.onEdit({ breaks })} onReset={() => p.onEdit(undefined)} />
            ) : (
              <GroupsEditor key={editorKey} current={groupsOfBinning(b)} manual={!!p.edit} pending={q.isFetching} onApply={(groups) => p.onEdit({ groups })} onReset={() => p.onEdit(undefined)} />
            )}
          </Col>
        </Row>
      )}
      {b && b.bins.some((x) => x.count === 0) && <Alert type="warning" showIcon style={{ marginTop: 8 }} title={t('models.binning.emptyBin')} />}
    </Card>
  );
}
