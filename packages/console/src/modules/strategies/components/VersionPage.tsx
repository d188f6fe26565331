import { useEffect, useMemo, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Breadcrumb, Button, Card, Descriptions, Modal, Space, Spin, Tabs, Tag, Tooltip, Typography } from 'antd';
import { Link, useBlocker, useNavigate, useParams, useSearchParams } from 'react-router';
import { isApiError } from '../../../api/api-error.ts';
import { strategiesApi } from '../strategies-client.ts';
import type { StrategyPackage, StrategyTestRun } from '../../../api/types.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { useFormat } from '../../../components/use-format.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import type { MessageKey } from '../../../i18n/translate.ts';
import { StrategyEditor } from '../../strategy-editor/components/StrategyEditor.tsx';
import { NotFoundPage } from '../../errors/components/NotFoundPage.tsx';
import { actorLabel, availableActions, failedCasesOf } from '../utils/lifecycle.ts';
import { BacktestsTab } from './BacktestsTab.tsx';
import { CanaryReportTab } from './CanaryReportTab.tsx';
import { DeployModal } from './DeployModal.tsx';
import { DiffTab } from './DiffTab.tsx';
import { ErrorDetails } from './ErrorDetails.tsx';
import { HistoryTab } from './HistoryTab.tsx';
import { NoteModal } from './NoteModal.tsx';
import { ShadowReportTab } from './ShadowReportTab.tsx';
import { StateTag } from './StateTag.tsx';
import { TestCasesTab } from './TestCasesTab.tsx';
import { useLifecycleUser } from './use-strategy-context.ts';
import type { DeployMode } from '../../../api/strategies-api.ts';

type Dialog = null | 'save' | 'submit' | 'approve' | 'reject' | 'withdraw' | 'rollback' | 'newDraft' | { deploy: DeployMode };
const TABS = ['definition', 'tests', 'diff', 'shadow', 'canary', 'backtests', 'history'] as const;

/** One version: its state, the steps the user may take on it, and its definition, tests, diff, reports, backtests and history. */
export function VersionPage() {
  const { t } = useI18n();
  const fmt = useFormat();
  const params = useParams();
  const id = params.id!;
  const version = Number(params.version);
  const navigate = useNavigate();
  const qc = useQueryClient();
  const user = useLifecycleUser();
  const [search, setSearch] = useSearchParams();
  const tab = (TABS as readonly string[]).includes(search.get('tab') ?? '') ? search.get('tab')! : 'definition';
  const setTab = (k: string) => setSearch((s) => (s.set('tab', k), s), { replace: true });

  const detail = useQuery({ queryKey: ['strategies', id, 'versions', version], queryFn: () => strategiesApi.version(id, version), enabled: Number.isInteger(version) && version > 0 });
  const strategy = useQuery({ queryKey: ['strategies', id], queryFn: () => strategiesApi.strategy(id) });
  const document = useQuery({ queryKey: ['strategies', id, 'versions', version, 'export'], queryFn: () => strategiesApi.exportJson(id, version), enabled: detail.isSuccess });
  const deployments = useQuery({ queryKey: ['strategies', 'deployments'], queryFn: strategiesApi.deployments });

  // The draft's unsaved edits: held here until Save puts them.
  const [edited, setEdited] = useState<StrategyPackage | null>(null);
  const dirty = edited !== null;
  const [dialog, setDialog] = useState<Dialog>(null);
  const [testRun, setTestRun] = useState<StrategyTestRun | null>(null);
  const [submitFailures, setSubmitFailures] = useState<Array<{ index: number; message: string }>>([]);
  useEffect(() => {
    setEdited(null);
    setTestRun(null);
    setSubmitFailures([]);
  }, [id, version]);

  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname);
  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    Modal.confirm({
      title: t('strategies.unsaved.title'),
      content: t('strategies.unsaved.body'),
      okText: t('strategies.unsaved.leave'),
      okButtonProps: { danger: true },
      cancelText: t('strategies.unsaved.stay'),
      onOk: () => blocker.proceed(),
      onCancel: () => blocker.reset(),
    });
  }, [blocker, t]);
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const v = detail.data;
  const pkg = v?.package;
  const eventType = pkg?.eventType ?? strategy.data?.eventType ?? '';
  const direction = pkg?.direction ?? strategy.data?.direction ?? 'in';
  const hasLive = (deployments.data?.active ?? []).some((d) => d.eventType === eventType && d.direction === direction && d.mode === 'live');
  const actions = useMemo(() => (v ? availableActions(v, { ...user, hasLive }) : new Set()), [v, user, hasLive]);
  const canRollback = v?.status === 'live' && user.union && user.permissions.has('strategy.deploy');

  const refresh = async () => {
    await qc.invalidateQueries({ queryKey: ['strategies'] });
    await qc.invalidateQueries({ queryKey: ['backtests'] });
  };
  const done = async () => {
    setDialog(null);
    await refresh();
  };

  const save = useMutation({ mutationFn: (note: string) => strategiesApi.save(id, version, edited!, note), onSuccess: async () => (setEdited(null), await done()) });
  const runTests = useMutation({ mutationFn: () => strategiesApi.test(id, version, edited ?? undefined), onSuccess: (r) => (setTestRun(r), setSubmitFailures([])) });
  const submit = useMutation({
    mutationFn: (note: string) => strategiesApi.submit(id, version, note),
    onSuccess: done,
    onError: (e) => {
      const failures = isApiError(e) ? failedCasesOf(e.details) : [];
      if (failures.length) {
        setSubmitFailures(failures);
        setDialog(null);
        setTab('tests');
        runTests.mutate();
      }
    },
  });
  const review = useMutation({ mutationFn: ({ action, note }: { action: 'approve' | 'reject'; note: string }) => strategiesApi.review(id, version, action, note), onSuccess: done });
  const withdraw = useMutation({ mutationFn: (reason: string) => strategiesApi.withdraw(id, version, reason), onSuccess: done });
  const rollback = useMutation({ mutationFn: (reason: string) => strategiesApi.rollback(eventType, direction, reason), onSuccess: done });
  const newDraft = useMutation({
    mutationFn: async (note: string) => strategiesApi.importJson(await strategiesApi.exportJson(id, version), note),
    onSuccess: async (r) => {
      await done();
      navigate(`/strategies/${encodeURIComponent(r.id)}/versions/${r.version}`);
    },
  });

  if (!Number.isInteger(version) || version < 1) return <NotFoundPage />;
  if (detail.isLoading) return <Spin />;
  if (!v || !pkg) return <ErrorAlert error={detail.error ?? strategy.error} />;
  const editable = actions.has('save');
  const editorValue = edited ?? (document.data as StrategyPackage | undefined);
  const testCases = (editorValue ?? pkg).testCases ?? [];

  const header = (
    <Space wrap data-testid="version-actions">
      {editable && dirty && <Tag color="warning" data-testid="version-unsaved">{t('strategies.version.unsaved')}</Tag>}
      {editable && (
        <Button type="primary" disabled={!dirty} onClick={() => setDialog('save')} data-testid="action-save">
          {t('strategies.action.save')}
        </Button>
      )}
      {editable && dirty && (
        <Button onClick={() => setEdited(null)} data-testid="action-discard">
          {t('strategies.action.discard')}
        </Button>
      )}
      {actions.has('test') && (
        <Button
          loading={runTests.isPending}
          onClick={() => {
            setTab('tests');
            runTests.mutate();
          }}
          data-testid="action-test"
        >
          {t('strategies.action.test')}
        </Button>
      )}
      {actions.has('submit') && (
        <Tooltip title={dirty ? t('strategies.action.saveFirst') : undefined}>
          <Button disabled={dirty} onClick={() => setDialog('submit')} data-testid="action-submit">
            {t('strategies.action.submit')}
          </Button>
        </Tooltip>
      )}
      {actions.has('approve') && (
        <Button type="primary" onClick={() => setDialog('approve')} data-testid="action-approve">
          {t('strategies.action.approve')}
        </Button>
      )}
      {actions.has('reject') && (
        <Button danger onClick={() => setDialog('reject')} data-testid="action-reject">
          {t('strategies.action.reject')}
        </Button>
      )}
      {actions.has('deployShadow') && (
        <Button onClick={() => setDialog({ deploy: 'shadow' })} data-testid="action-deploy-shadow">
          {t('strategies.action.deployShadow')}
        </Button>
      )}
      {actions.has('deployCanary') && (
        <Button onClick={() => setDialog({ deploy: 'canary' })} data-testid="action-deploy-canary">
          {t('strategies.action.deployCanary')}
        </Button>
      )}
      {actions.has('deployLive') && (
        <Button type="primary" danger onClick={() => setDialog({ deploy: 'live' })} data-testid="action-deploy-live">
          {t('strategies.action.deployLive')}
        </Button>
      )}
      {actions.has('withdraw') && (
        <Button onClick={() => setDialog('withdraw')} data-testid="action-withdraw">
          {t('strategies.action.withdraw')}
        </Button>
      )}
      {canRollback && (
        <Button danger onClick={() => setDialog('rollback')} data-testid="action-rollback">
          {t('strategies.action.rollback')}
        </Button>
      )}
      {actions.has('newDraft') && (
        <Button onClick={() => setDialog('newDraft')} data-testid="action-new-draft">
          {t('strategies.action.newDraft')}
        </Button>
      )}
    </Space>
  );

  return (
    <>
      <Breadcrumb style={{ marginBottom: 8 }} items={[{ title: <Link to="/strategies">{t('strategies.overview.crumb')}</Link> }, { title: id }, { title: `v${version}` }]} />
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'flex-start', gap: 16, flexWrap: 'wrap', marginBottom: 12 }}>
        <Space align="center" wrap>
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="page-title">
            {t('strategies.version.title', { id, version })}
          </Typography.Title>
          <span data-testid="version-state">
            <StateTag state={v.status} />
          </span>
        </Space>
        {header}
      </div>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={{ xs: 1, md: 3, xl: 4 }}>
          <Descriptions.Item label={t('strategies.version.strategy')}>{pkg.name?.en ? `${pkg.name.en} (${id})` : id}</Descriptions.Item>
          <Descriptions.Item label={t('strategies.overview.eventType')}>{`${eventType} · ${t(`strategies.direction.${direction}` as MessageKey)}`}</Descriptions.Item>
          <Descriptions.Item label={t('strategies.version.author')}>{`${actorLabel(v.createdBy)} · ${fmt.dateTime(v.createdAt)}`}</Descriptions.Item>
          <Descriptions.Item label={t('strategies.version.changeNote')}>{v.changeNote}</Descriptions.Item>
          {v.submittedBy && <Descriptions.Item label={t('strategies.version.submitter')}>{`${actorLabel(v.submittedBy)} · ${fmt.dateTime(v.submittedAt)}`}</Descriptions.Item>}
          {v.approvedBy && <Descriptions.Item label={t('strategies.version.reviewer')}>{`${actorLabel(v.approvedBy)} · ${fmt.dateTime(v.approvedAt)}`}</Descriptions.Item>}
          {v.reviewNote && <Descriptions.Item label={t('strategies.version.reviewNote')}>{v.reviewNote}</Descriptions.Item>}
        </Descriptions>
      </Card>
      {v.status === 'draft' && !editable && user.permissions.has('strategy.edit') && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('strategies.version.notYourDraft')} />}
      <ErrorDetails error={save.error ?? review.error ?? withdraw.error ?? rollback.error ?? newDraft.error ?? (submitFailures.length ? null : submit.error)} />
      <Tabs
        activeKey={tab}
        onChange={setTab}
        destroyOnHidden
        items={[
          {
            key: 'definition',
            label: t('strategies.tab.definition'),
            children: editorValue ? (
              <div data-testid="version-definition">
                <StrategyEditor eventType={eventType} value={editorValue} onChange={editable ? setEdited : undefined} />
              </div>
            ) : (
              <ErrorAlert error={document.error} />
            ),
          },
          {
            key: 'tests',
            label: t('strategies.tab.tests', { count: testCases.length }),
            children: <TestCasesTab cases={testCases} run={testRun} running={runTests.isPending} error={runTests.error} onRun={() => runTests.mutate()} unsaved={dirty} submitFailures={submitFailures} />,
          },
          { key: 'diff', label: t('strategies.tab.diff'), children: <DiffTab id={id} version={version} versions={strategy.data?.versions ?? []} /> },
          { key: 'shadow', label: t('strategies.tab.shadow'), children: <ShadowReportTab id={id} version={version} /> },
          { key: 'canary', label: t('strategies.tab.canary'), children: <CanaryReportTab eventType={eventType} direction={direction} /> },
          { key: 'backtests', label: t('strategies.tab.backtests'), children: <BacktestsTab id={id} version={version} /> },
          { key: 'history', label: t('strategies.tab.history'), children: <HistoryTab detail={v} id={id} /> },
        ]}
      />

      <NoteModal
        open={dialog === 'save'}
        testId="dialog-save"
        title={t('strategies.dialog.saveTitle')}
        explanation={t('strategies.dialog.saveHelp')}
        noteLabel={t('strategies.version.changeNote')}
        required={false}
        initialNote={v.changeNote}
        okText={t('strategies.action.save')}
        pending={save.isPending}
        error={save.error}
        onSubmit={(note) => save.mutate(note)}
        onClose={() => (setDialog(null), save.reset())}
      />
      <NoteModal
        open={dialog === 'submit'}
        testId="dialog-submit"
        title={t('strategies.dialog.submitTitle')}
        explanation={t('strategies.dialog.submitHelp')}
        noteLabel={t('strategies.version.changeNote')}
        required={false}
        okText={t('strategies.action.submit')}
        pending={submit.isPending}
        error={submit.error}
        onSubmit={(note) => submit.mutate(note)}
        onClose={() => (setDialog(null), submit.reset())}
      />
      {(['approve', 'reject'] as const).map((action) => (
        <NoteModal
          key={action}
          open={dialog === action}
          testId={`dialog-${action}`}
          title={t(`strategies.dialog.${action}Title`)}
          explanation={t(`strategies.dialog.${action}Help`)}
          noteLabel={t('strategies.version.reviewNote')}
          required
          okText={t(`strategies.action.${action}`)}
          danger={action === 'reject'}
          pending={review.isPending}
          error={review.error}
          onSubmit={(note) => review.mutate({ action, note })}
          onClose={() => (setDialog(null), review.reset())}
        />
      ))}
      <NoteModal
        open={dialog === 'withdraw'}
        testId="dialog-withdraw"
        title={t('strategies.dialog.withdrawTitle')}
        explanation={t('strategies.dialog.withdrawHelp')}
        noteLabel={t('strategies.dialog.reason')}
        required
        okText={t('strategies.action.withdraw')}
        danger
        pending={withdraw.isPending}
        error={withdraw.error}
        onSubmit={(note) => withdraw.mutate(note)}
        onClose={() => (setDialog(null), withdraw.reset())}
      />
      <NoteModal
        open={dialog === 'rollback'}
        testId="dialog-rollback"
        title={t('strategies.dialog.rollbackTitle')}
        explanation={t('strategies.dialog.rollbackHelp', { eventType })}
        noteLabel={t('strategies.dialog.reason')}
        required
        okText={t('strategies.action.rollback')}
        danger
        pending={rollback.isPending}
        error={rollback.error}
        onSubmit={(note) => rollback.mutate(note)}
        onClose={() => (setDialog(null), rollback.reset())}
      />
      <NoteModal
        open={dialog === 'newDraft'}
        testId="dialog-new-draft"
        title={t('strategies.dialog.newDraftTitle')}
        explanation={t('strategies.dialog.newDraftHelp', { version })}
        noteLabel={t('strategies.version.changeNote')}
        required={false}
        okText={t('strategies.action.newDraft')}
        pending={newDraft.isPending}
        error={newDraft.error}
        onSubmit={(note) => newDraft.mutate(note)}
        onClose={() => (setDialog(null), newDraft.reset())}
      />
      {dialog && typeof dialog === 'object' && (
        <DeployModal
          mode={dialog.deploy}
          id={id}
          version={version}
          eventType={eventType}
          union={user.union}
          onDone={done}
          onClose={() => setDialog(null)}
        />
      )}
    </>
  );
}
