import { useState } from 'react';
import { Button, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType as ColumnsType } from 'antd';
import { CrownOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { modelsApi } from '../../../api/models-api.ts';
import type { ModelDetail, ModelStatus, ModelVersionSummary } from '../../../api/types.ts';
import { useFormat } from '../../../components/use-format.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { usePermissions } from '../../session/hooks/use-permissions.ts';
import { useSession } from '../../session/hooks/use-session.ts';
import { NoteModal } from '../../strategies/components/NoteModal.tsx';
import { modelKeys } from '../hooks/model-queries.ts';
import { actorText, fixed } from '../model/model-format.ts';
import { championChoices, championProblem, mayChooseChampion, nextStatuses, statusBlock } from '../model/model-status.ts';
import { ModelStatusTag } from './ModelTags.tsx';
import { RegisterVersionModal } from './RegisterVersionModal.tsx';

type StatusChange = { version: number; to: ModelStatus };

/** A model's versions, newest first, with their metrics and the lifecycle actions the caller may take. */
export function VersionsTab({ model }: { model: ModelDetail }) {
  const { t } = useI18n();
  const f = useFormat();
  const qc = useQueryClient();
  const permissions = usePermissions();
  const me = useSession().data?.user.username;
  const [registering, setRegistering] = useState(false);
  const [change, setChange] = useState<StatusChange | null>(null);
  const [championOpen, setChampionOpen] = useState(false);
  const [champion, setChampion] = useState<number | null>(model.championVersion);
  const [challenger, setChallenger] = useState<number | null>(model.challengerVersion);
  const mayEdit = permissions.has('model.edit');
  const versions = [...model.versions].sort((a, b) => b.version - a.version);
  const choices = championChoices(versions);

  const refresh = async () => {
    await qc.invalidateQueries({ queryKey: modelKeys.detail(model.id) });
    void qc.invalidateQueries({ queryKey: modelKeys.lists });
  };
  const status = useMutation({
    mutationFn: (v: StatusChange & { note: string }) => modelsApi.changeStatus(model.id, v.version, { status: v.to, note: v.note }),
    onSuccess: async (d) => {
      qc.setQueryData(modelKeys.version(model.id, d.version), d);
      await refresh();
      setChange(null);
    },
  });
  const setPair = useMutation({
    mutationFn: (note: string) => modelsApi.setChampion(model.id, { champion, challenger, note }),
    onSuccess: async (m) => {
      qc.setQueryData(modelKeys.detail(m.id), m);
      void qc.invalidateQueries({ queryKey: modelKeys.lists });
      setChampionOpen(false);
    },
  });

  const metric = (v: ModelVersionSummary, sample: 'train' | 'test', k: 'auc' | 'ks' | 'gini') => fixed(v.metrics?.[sample]?.[k], 3);
  const columns: ColumnsType<ModelVersionSummary> = [
    {
      title: t('models.col.version'),
      dataIndex: 'version',
      width: 110,
      fixed: 'left',
      render: (n: number) => (
        <Space size={4}>
          <Link to={`/models/${encodeURIComponent(model.id)}/versions/${n}`} data-testid={`version-link-${n}`}>{`v${n}`}</Link>
          {model.championVersion === n && (
            <Tooltip title={t('models.field.champion')}>
              <Tag color="gold" data-testid={`champion-${n}`}>
                {t('models.championTag')}
              </Tag>
            </Tooltip>
          )}
          {model.challengerVersion === n && <Tag color="cyan">{t('models.challengerTag')}</Tag>}
        </Space>
      ),
    },
    { title: t('models.col.status'), dataIndex: 'status', width: 120, render: (s: ModelStatus, v) => <span data-testid={`version-status-${v.version}`}><ModelStatusTag status={s} /></span> },
    { title: t('models.col.kind'), dataIndex: 'kind', width: 140, render: (k: ModelVersionSummary['kind']) => t(`models.kind.${k}`) },
    { title: t('models.col.format'), dataIndex: 'format', width: 140, render: (k: ModelVersionSummary['format']) => t(`models.format.${k}`) },
    { title: t('models.col.features'), dataIndex: 'features', width: 90, align: 'right', render: (fs: string[]) => <Tooltip title={fs.join(', ')}>{fs.length}</Tooltip> },
    {
      title: t('models.sample.train'),
      children: [
        { title: t('models.metric.auc'), key: 'trainAuc', width: 80, align: 'right', render: (_: unknown, v) => metric(v, 'train', 'auc') },
        { title: t('models.metric.ks'), key: 'trainKs', width: 80, align: 'right', render: (_: unknown, v) => metric(v, 'train', 'ks') },
        { title: t('models.metric.gini'), key: 'trainGini', width: 80, align: 'right', render: (_: unknown, v) => metric(v, 'train', 'gini') },
      ],
    },
    {
      title: t('models.sample.test'),
      children: [
        { title: t('models.metric.auc'), key: 'testAuc', width: 80, align: 'right', render: (_: unknown, v) => metric(v, 'test', 'auc') },
        { title: t('models.metric.ks'), key: 'testKs', width: 80, align: 'right', render: (_: unknown, v) => metric(v, 'test', 'ks') },
        { title: t('models.metric.gini'), key: 'testGini', width: 80, align: 'right', render: (_: unknown, v) => metric(v, 'test', 'gini') },
      ],
    },
    { title: t('models.field.createdBy'), dataIndex: 'createdBy', width: 130, ellipsis: true, render: (v: string) => actorText(v) },
    { title: t('models.field.createdAt'), dataIndex: 'createdAt', width: 170, render: (v: string) => f.dateTime(v) },
    { title: t('models.col.note'), dataIndex: 'note', width: 200, ellipsis: true },
    {
      title: t('models.col.actions'),
      key: 'actions',
      width: 260,
      render: (_: unknown, v) => (
        <Space size={4} wrap>
          {nextStatuses(v.status).map((to) => {
            const block = statusBlock(v.status, to, v, me, permissions);
            const button = (
              <Button key={to} size="small" danger={to === 'retired'} disabled={!!block} onClick={() => setChange({ version: v.version, to })} data-testid={`status-${v.version}-${to}`}>
                {t(`models.statusAction.${to}`)}
              </Button>
            );
            return block ? (
              <Tooltip key={to} title={t(`models.statusBlock.${block}`)}>
                <span>{button}</span>
              </Tooltip>
            ) : (
              button
            );
          })}
        </Space>
      ),
    },
  ];

  return (
    <div data-testid="versions-tab">
      <Space style={{ marginBottom: 12 }} wrap>
        {mayEdit && (
          <Button type="primary" icon={<UploadOutlined />} onClick={() => setRegistering(true)} data-testid="register-version">
            {t('models.register.button')}
          </Button>
        )}
        {mayChooseChampion(permissions) && (
          <Button
            icon={<CrownOutlined />}
            onClick={() => {
              setChampion(model.championVersion);
              setChallenger(model.challengerVersion);
              setPair.reset();
              setChampionOpen(true);
            }}
            data-testid="set-champion"
          >
            {t('models.champion.button')}
          </Button>
        )}
      </Space>
      <Table<ModelVersionSummary>
        data-testid="versions-table"
        rowKey={(v) => v.version}
        size="small"
        bordered
        columns={columns}
        dataSource={versions}
        pagination={false}
        scroll={{ x: 1900 }}
        locale={{ emptyText: t('models.versions.empty') }}
        onRow={(v) => ({ 'data-testid': `version-row-${v.version}` }) as React.HTMLAttributes<HTMLElement>}
      />
      <RegisterVersionModal open={registering} model={model} onClose={() => setRegistering(false)} />
      <NoteModal
        open={!!change}
        title={change ? t('models.statusDialog.title', { version: change.version, status: t(`models.status.${change.to}`) }) : ''}
        explanation={change ? t(`models.statusDialog.explain.${change.to}`) : undefined}
        noteLabel={t('models.note')}
        required
        okText={change ? t(`models.statusAction.${change.to}`) : ''}
        danger={change?.to === 'retired'}
        pending={status.isPending}
        error={status.error}
        onSubmit={(note) => change && status.mutate({ ...change, note })}
        onClose={() => {
          setChange(null);
          status.reset();
        }}
        testId="status-dialog"
      />
      <NoteModal
        open={championOpen}
        title={t('models.champion.title')}
        explanation={t('models.champion.explain')}
        noteLabel={t('models.note')}
        required
        okText={t('models.save')}
        valid={!championProblem(champion, challenger)}
        pending={setPair.isPending}
        error={setPair.error}
        onSubmit={(note) => setPair.mutate(note)}
        onClose={() => setChampionOpen(false)}
        testId="champion-dialog"
      >
        <Space wrap align="start" style={{ marginBottom: 8 }}>
          <div>
            <Typography.Text>{t('models.field.champion')}</Typography.Text>
            <Select<number | null>
              style={{ width: 200, display: 'block' }}
              value={champion}
              onChange={setChampion}
              options={[{ value: null, label: t('models.champion.none') }, ...choices.champions.map((n) => ({ value: n, label: `v${n}` }))]}
              data-testid="champion-select"
            />
          </div>
          <div>
            <Typography.Text>{t('models.field.challenger')}</Typography.Text>
            <Select<number | null>
              style={{ width: 200, display: 'block' }}
              value={challenger}
              onChange={setChallenger}
              options={[{ value: null, label: t('models.champion.none') }, ...choices.challengers.map((n) => ({ value: n, label: `v${n}` }))]}
              data-testid="challenger-select"
            />
          </div>
        </Space>
        {championProblem(champion, challenger) && <Typography.Paragraph type="danger">{t('models.champion.same')}</Typography.Paragraph>}
        {!choices.champions.length && <Typography.Paragraph type="secondary">{t('models.champion.noProduction')}</Typography.Paragraph>}
      </NoteModal>
    </div>
  );
}
