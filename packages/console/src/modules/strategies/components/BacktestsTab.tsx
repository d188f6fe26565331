import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, DatePicker, Form, Input, InputNumber, Modal, Popconfirm, Progress, Segmented, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { Link, useNavigate } from 'react-router';
import { strategiesApi } from '../strategies-client.ts';
import type { BacktestListResponse, BacktestUploaded } from '../../../api/types.ts';
import { OUTCOMES } from '../../../components/OutcomeTag.tsx';
import { useFormat } from '../../../components/use-format.ts';
import { useText } from '../../../components/use-text.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import type { MessageKey } from '../../../i18n/translate.ts';
import { useOrgScope } from '../../org-scope/hooks/use-org-scope.ts';
import { usePermissions } from '../../session/hooks/use-permissions.ts';
import { ErrorDetails } from './ErrorDetails.tsx';
import { backtestListActive, BACKTEST_POLL_MS, uploadContentType } from '../utils/backtests.ts';

type Run = BacktestListResponse['items'][number];

const STATUS_COLORS: Record<string, string> = { queued: 'default', running: 'processing', done: 'success', failed: 'error', cancelled: 'warning' };

/** A backtest's status as a coloured tag. */
export function BacktestStatus({ status }: { status: string }) {
  const { t } = useI18n();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid={`backtest-status-${status}`}>
      {t(`strategies.backtest.status.${status}` as MessageKey)}
    </Tag>
  );
}

/** A run's progress: a live bar while it is queued or running. */
export function BacktestProgress({ run }: { run: Pick<Run, 'status' | 'progress'> }) {
  const share = run.progress.share ?? (run.status === 'done' ? 1 : 0);
  return <Progress percent={Math.round(share * 1000) / 10} size="small" status={run.status === 'failed' || run.status === 'cancelled' ? 'exception' : run.status === 'done' ? 'success' : 'active'} style={{ width: 160, margin: 0 }} />;
}

/** The version's backtests: start one (decision log range or uploaded file), follow progress, cancel, open, compare. */
export function BacktestsTab({ id, version }: { id: string; version: number }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const permissions = usePermissions();
  const [starting, setStarting] = useState(false);
  const [selected, setSelected] = useState<string[]>([]);
  const runs = useQuery({
    queryKey: ['backtests', id],
    queryFn: () => strategiesApi.backtests(id, 100),
    // Poll while any run is queued or running, so their bars move.
    refetchInterval: (q) => (backtestListActive(q.state.data?.items ?? []) ? BACKTEST_POLL_MS : false),
  });
  const cancel = useMutation({ mutationFn: (bt: string) => strategiesApi.cancelBacktest(bt), onSettled: () => qc.invalidateQueries({ queryKey: ['backtests'] }) });
  const canRun = permissions.has('backtest.run');
  return (
    <div data-testid="version-backtests">
      <Space style={{ marginBottom: 12 }} wrap>
        {canRun && (
          <Button type="primary" onClick={() => setStarting(true)} data-testid="backtest-start">
            {t('strategies.backtest.start')}
          </Button>
        )}
        <Button disabled={selected.length < 2 || selected.length > 10} onClick={() => navigate(`/strategies/backtests/compare?ids=${selected.map(encodeURIComponent).join(',')}`)} data-testid="backtest-compare">
          {t('strategies.backtest.compare', { count: selected.length })}
        </Button>
        <Typography.Text type="secondary">{t('strategies.backtest.compareHint')}</Typography.Text>
      </Space>
      <ErrorDetails error={runs.error ?? cancel.error} />
      <Table<Run>
        size="small"
        rowKey={(r) => String(r.id)}
        loading={runs.isLoading}
        dataSource={runs.data?.items ?? []}
        pagination={{ pageSize: 10, size: 'small' }}
        locale={{ emptyText: t('strategies.backtest.none') }}
        rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]), getCheckboxProps: (r) => ({ disabled: r.status !== 'done' }) }}
        data-testid="backtest-list"
        columns={[
          { title: t('strategies.backtest.name'), dataIndex: 'name', render: (n: string, r) => <Link to={`/strategies/backtests/${r.id}`} data-testid={`backtest-open-${r.id}`}>{n || r.id.slice(0, 8)}</Link> },
          { title: t('strategies.deployments.version'), key: 'v', width: 90, render: (_: unknown, r) => `v${r.strategy.version}` },
          { title: t('strategies.backtest.input'), key: 'in', render: (_: unknown, r) => (r.input.source.kind === 'file' ? t('strategies.backtest.fileInput', { events: r.input.source.events ?? 0 }) : t('strategies.backtest.logInput', { from: fmt.dateTime(r.input.source.from), to: fmt.dateTime(r.input.source.to) })) },
          { title: t('strategies.backtest.statusTitle'), dataIndex: 'status', width: 110, render: (s: string) => <BacktestStatus status={s} /> },
          { title: t('strategies.backtest.progress'), key: 'p', width: 200, render: (_: unknown, r) => <BacktestProgress run={r} /> },
          { title: t('strategies.backtest.createdBy'), dataIndex: 'createdBy', width: 140, render: (c: string) => c.replace(/^user:/, '') },
          { title: t('strategies.backtest.createdAt'), dataIndex: 'createdAt', width: 170, render: (d: string) => fmt.dateTime(d) },
          {
            title: '',
            key: 'actions',
            width: 90,
            render: (_: unknown, r) =>
              canRun && (r.status === 'queued' || r.status === 'running') ? (
                <Popconfirm title={t('strategies.backtest.cancelConfirm')} okText={t('strategies.backtest.cancel')} cancelText={t('strategies.common.cancel')} onConfirm={() => cancel.mutate(r.id)}>
                  <Button size="small" danger data-testid={`backtest-cancel-${r.id}`}>
                    {t('strategies.backtest.cancel')}
                  </Button>
                </Popconfirm>
              ) : null,
          },
        ]}
      />
      {starting && <StartBacktestModal id={id} version={version} onClose={() => setStarting(false)} onStarted={() => (setStarting(false), void qc.invalidateQueries({ queryKey: ['backtests'] }))} />}
    </div>
  );
}

function StartBacktestModal({ id, version, onClose, onStarted }: { id: string; version: number; onClose: () => void; onStarted: () => void }) {
  const { t } = useI18n();
  const text = useText();
  const { orgs } = useOrgScope();
  const [source, setSource] = useState<'log' | 'file'>('log');
  const [name, setName] = useState('');
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>([dayjs().subtract(7, 'day').startOf('day'), dayjs()]);
  const [runOrgs, setRunOrgs] = useState<string[]>([]);
  const [warmup, setWarmup] = useState<number | null>(null);
  const [positive, setPositive] = useState<string[]>(['reject', 'review', 'challenge']);
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [uploaded, setUploaded] = useState<BacktestUploaded | null>(null);
  const start = useMutation({
    mutationFn: async () => {
      if (source === 'file') {
        const r = await strategiesApi.uploadBacktest({ strategyId: id, version, name, positiveOutcomes: positive }, file!.text, uploadContentType(file!.name, file!.text));
        setUploaded(r);
        return r;
      }
      return strategiesApi.startBacktest({ strategyId: id, version, name, from: range![0]!.toISOString(), to: range![1]!.toISOString(), ...(runOrgs.length ? { orgs: runOrgs } : {}), ...(warmup !== null ? { warmupDays: warmup } : {}), positiveOutcomes: positive });
    },
    onSuccess: (r) => {
      if (!('rejected' in r) || r.rejected === 0) onStarted();
    },
  });
  const rangeOk = !!range?.[0] && !!range?.[1] && range[1].isAfter(range[0]) && range[1].diff(range[0], 'day') <= 366;
  const valid = positive.length > 0 && (source === 'log' ? rangeOk : !!file);
  return (
    <Modal
      open
      title={t('strategies.backtest.startTitle', { id, version })}
      okText={uploaded ? t('strategies.backtest.close') : t('strategies.backtest.run')}
      cancelText={t('strategies.common.cancel')}
      okButtonProps={{ disabled: !valid && !uploaded, loading: start.isPending, 'data-testid': 'backtest-run' }}
      onOk={() => (uploaded ? onStarted() : start.mutate())}
      onCancel={onClose}
      width={640}
    >
      <ErrorDetails error={start.error} />
      {uploaded && uploaded.rejected > 0 && (
        <Card size="small" style={{ marginBottom: 12 }} title={t('strategies.backtest.uploadRejected', { accepted: uploaded.accepted, rejected: uploaded.rejected })}>
          <ul style={{ margin: 0, paddingLeft: 18, maxHeight: 160, overflow: 'auto' }}>
            {uploaded.errors.map((e, i) => (
              <li key={i}>{t('strategies.backtest.lineError', { line: e.line, code: e.code, message: e.message })}</li>
            ))}
          </ul>
        </Card>
      )}
      <Form layout="vertical">
        <Form.Item>
          <Segmented
            value={source}
            onChange={(v) => setSource(v as 'log' | 'file')}
            options={[
              { value: 'log', label: t('strategies.backtest.fromLog') },
              { value: 'file', label: t('strategies.backtest.fromFile') },
            ]}
            data-testid="backtest-source"
          />
        </Form.Item>
        <Form.Item label={t('strategies.backtest.name')}>
          <Input value={name} maxLength={200} onChange={(e) => setName(e.target.value)} data-testid="backtest-name" />
        </Form.Item>
        {source === 'log' ? (
          <>
            <Form.Item label={t('strategies.backtest.range')} required validateStatus={rangeOk ? undefined : 'error'} help={rangeOk ? undefined : t('strategies.backtest.rangeInvalid')}>
              <DatePicker.RangePicker showTime value={range} onChange={(v) => setRange(v)} data-testid="backtest-range" />
            </Form.Item>
            <Form.Item label={t('strategies.backtest.orgs')} help={t('strategies.backtest.orgsHelp')}>
              <Select mode="multiple" allowClear value={runOrgs} onChange={setRunOrgs} options={orgs.filter((o) => o.id !== 'root').map((o) => ({ value: o.id, label: text(o.name) }))} />
            </Form.Item>
            <Form.Item label={t('strategies.backtest.warmup')} help={t('strategies.backtest.warmupHelp')}>
              <InputNumber min={0} max={90} precision={0} value={warmup} onChange={setWarmup} />
            </Form.Item>
          </>
        ) : (
          <Form.Item label={t('strategies.backtest.file')} required help={t('strategies.backtest.fileHelp')}>
            <Upload
              accept=".ndjson,.jsonl,.csv,.json"
              maxCount={1}
              showUploadList={false}
              beforeUpload={(f) => {
                void f.text().then((x) => setFile({ name: f.name, text: x }));
                return false;
              }}
            >
              <Button icon={<UploadOutlined />}>{file ? file.name : t('strategies.backtest.chooseFile')}</Button>
            </Upload>
          </Form.Item>
        )}
        <Form.Item label={t('strategies.backtest.positive')} required help={t('strategies.backtest.positiveHelp')}>
          <Select mode="multiple" value={positive} onChange={setPositive} options={OUTCOMES.map((o) => ({ value: o, label: t(`outcome.${o}` as MessageKey) }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
