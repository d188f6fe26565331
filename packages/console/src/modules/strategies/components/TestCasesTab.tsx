import { Alert, Button, Space, Table, Tag, Typography } from 'antd';
import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import type { StrategyPackage, StrategyTestCaseResult, StrategyTestRun } from '../../../api/types.ts';
import { ErrorDetails } from './ErrorDetails.tsx';
import { OutcomeTag } from '../../../components/OutcomeTag.tsx';
import { useI18n } from '../../../i18n/use-i18n.ts';

type TestCase = NonNullable<StrategyPackage['testCases']>[number];

const Hits = ({ hits }: { hits?: string[] }) => (hits === undefined ? null : <Space size={2} wrap>{hits.map((h) => <Tag key={h}>{h}</Tag>)}</Space>);

/** A results table: every case with pass/fail, expected and actual outcome and hits, and why it failed. */
export function TestResultsTable({ results, testId }: { results: StrategyTestCaseResult[]; testId: string }) {
  const { t } = useI18n();
  return (
    <Table<StrategyTestCaseResult>
      size="small"
      rowKey={(r) => `${results.indexOf(r)}`}
      dataSource={results}
      pagination={results.length > 20 ? { pageSize: 20, size: 'small' } : false}
      data-testid={testId}
      rowClassName={(r) => (r.passed ? '' : 'strategies-failed-row')}
      columns={[
        {
          title: t('strategies.tests.result'),
          dataIndex: 'passed',
          width: 100,
          render: (p: boolean) =>
            p ? (
              <Tag icon={<CheckCircleFilled />} color="success" data-testid="test-passed">
                {t('strategies.tests.passed')}
              </Tag>
            ) : (
              <Tag icon={<CloseCircleFilled />} color="error" data-testid="test-failed">
                {t('strategies.tests.failed')}
              </Tag>
            ),
        },
        { title: t('strategies.tests.name'), dataIndex: 'name' },
        { title: t('strategies.tests.expected'), dataIndex: 'expectedOutcome', width: 110, render: (o: string) => <OutcomeTag outcome={o} /> },
        { title: t('strategies.tests.actual'), dataIndex: 'actualOutcome', width: 110, render: (o: string | null) => (o ? <OutcomeTag outcome={o} /> : '—') },
        { title: t('strategies.tests.expectedHits'), dataIndex: 'expectedHits', render: (h?: string[]) => <Hits hits={h} /> },
        { title: t('strategies.tests.actualHits'), dataIndex: 'actualHits', render: (h: string[]) => <Hits hits={h} /> },
        {
          title: t('strategies.tests.problems'),
          key: 'problems',
          render: (_: unknown, r) => (
            <>
              {r.problems.map((p, i) => (
                <Typography.Text key={i} type="danger" style={{ display: 'block' }}>
                  {p}
                </Typography.Text>
              ))}
              {r.ruleErrors.map((e, i) => (
                <Typography.Text key={`e${i}`} type="warning" style={{ display: 'block' }}>
                  {`${e.stage} ${e.ref}: ${e.code} ${e.message}`}
                </Typography.Text>
              ))}
              {r.degraded && <Typography.Text type="secondary">{t('strategies.tests.degraded', { what: r.degradations.join(', ') })}</Typography.Text>}
            </>
          ),
        },
      ]}
    />
  );
}

/** The package's test cases, a run of them (the unsaved edits when there are any), and the failures of a refused submission. */
export function TestCasesTab(p: { cases: TestCase[]; run: StrategyTestRun | null; running: boolean; error: unknown; onRun: () => void; unsaved: boolean; submitFailures: Array<{ index: number; message: string }> }) {
  const { t } = useI18n();
  const passed = p.run?.results.filter((r) => r.passed).length ?? 0;
  return (
    <div data-testid="version-tests">
      {p.submitFailures.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="submit-failures"
          title={t('strategies.tests.submitRefused', { count: p.submitFailures.length })}
          description={
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {p.submitFailures.map((f) => (
                <li key={f.index}>{t('strategies.tests.caseFailure', { n: f.index + 1, message: f.message })}</li>
              ))}
            </ul>
          }
        />
      )}
      <Space style={{ marginBottom: 12 }} wrap>
        <Button type="primary" loading={p.running} onClick={p.onRun} data-testid="tests-run">
          {t('strategies.action.test')}
        </Button>
        {p.unsaved && <Typography.Text type="warning">{t('strategies.tests.unsavedNote')}</Typography.Text>}
        {p.run && (
          <Typography.Text strong type={p.run.passed ? 'success' : 'danger'} data-testid="tests-summary">
            {t('strategies.tests.summary', { passed, total: p.run.results.length })}
          </Typography.Text>
        )}
      </Space>
      <ErrorDetails error={p.error} />
      {p.run ? (
        <TestResultsTable results={p.run.results} testId="test-results" />
      ) : (
        <Table<TestCase>
          size="small"
          rowKey={(c) => c.name}
          dataSource={p.cases}
          pagination={p.cases.length > 20 ? { pageSize: 20, size: 'small' } : false}
          locale={{ emptyText: t('strategies.tests.none') }}
          data-testid="test-cases"
          columns={[
            { title: t('strategies.tests.name'), dataIndex: 'name' },
            { title: t('strategies.tests.expected'), dataIndex: 'expectOutcome', width: 110, render: (o: string) => <OutcomeTag outcome={o} /> },
            { title: t('strategies.tests.expectedHits'), dataIndex: 'expectHits', render: (h?: string[]) => <Hits hits={h} /> },
            { title: t('strategies.tests.data'), dataIndex: 'data', render: (d: unknown) => <Typography.Text code style={{ fontSize: 12 }}>{JSON.stringify(d)}</Typography.Text> },
          ]}
        />
      )}
    </div>
  );
}
