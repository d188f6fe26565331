import { useState } from 'react';
import { Button, Empty, Input, Popconfirm, Select, Space, Table, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { StrategyPackage } from '../../../api/types.ts';
import { OutcomeTag, OUTCOMES, type Outcome } from '../../../components/OutcomeTag.tsx';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { parseEventJson } from '../model/test-case-json.ts';
import { removeAt, replaceAt, useEditorContext } from './editor-context.ts';

type TestCase = NonNullable<StrategyPackage['testCases']>[number];

/** The event data of one test case as JSON, applied only while it parses to an object. */
function DataEditor({ value, onChange, testId }: { value: Record<string, unknown>; onChange?: (v: Record<string, unknown>) => void; testId: string }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState(() => JSON.stringify(value, null, 2));
  const parsed = parseEventJson(draft);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Input.TextArea
        data-testid={testId}
        value={draft}
        readOnly={!onChange}
        autoSize={{ minRows: 4, maxRows: 20 }}
        status={parsed.ok ? undefined : 'error'}
        style={{ fontFamily: 'ui-monospace, Menlo, Consolas, monospace', fontSize: 12 }}
        onChange={(e) => {
          setDraft(e.target.value);
          const p = parseEventJson(e.target.value);
          if (p.ok) onChange?.(p.value);
        }}
        aria-label={t('strategyEditor.tests.data')}
      />
      {!parsed.ok && (
        <Typography.Text type="danger" data-testid={`${testId}-error`}>
          {t(`strategyEditor.tests.json.${parsed.error}`, { detail: parsed.detail ?? '' })}
        </Typography.Text>
      )}
    </Space>
  );
}

/** Test cases submitted with the version: event data and the expected outcome and hits. */
export function TestCasesPanel() {
  const { t } = useI18n();
  const { pkg, update, readOnly } = useEditorContext();
  const cases = pkg.testCases ?? [];
  const set = (i: number, c: TestCase) => update?.((p) => ({ ...p, testCases: replaceAt(p.testCases ?? [], i, c) }));
  const add = () => update?.((p) => ({ ...p, testCases: [...(p.testCases ?? []), { name: t('strategyEditor.tests.newName', { n: cases.length + 1 }), data: {}, expectOutcome: 'pass' }] }));

  if (cases.length === 0 && readOnly) return <Empty description={t('strategyEditor.tests.none')} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary">{t('strategyEditor.tests.help')}</Typography.Paragraph>
      <Table
        size="small"
        rowKey={(_, i) => String(i)}
        dataSource={cases}
        pagination={cases.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        onRow={(_, i) => ({ 'data-testid': `test-case-row-${i}` }) as React.HTMLAttributes<HTMLElement>}
        expandable={{
          expandRowByClick: false,
          expandedRowRender: (c, i) => <DataEditor testId={`test-case-data-${i}`} value={c.data as Record<string, unknown>} onChange={readOnly ? undefined : (data) => set(i, { ...c, data })} />,
        }}
        columns={[
          { title: t('strategyEditor.tests.name'), key: 'name', render: (_, c, i) => (readOnly ? c.name : <Input size="small" value={c.name} onChange={(e) => set(i, { ...c, name: e.target.value })} aria-label={t('strategyEditor.tests.name')} />) },
          {
            title: t('strategyEditor.tests.expectOutcome'),
            key: 'outcome',
            width: 150,
            render: (_, c, i) =>
              readOnly ? <OutcomeTag outcome={c.expectOutcome} /> : <Select size="small" style={{ width: 120 }} value={c.expectOutcome} options={OUTCOMES.map((o) => ({ value: o, label: t(`outcome.${o}`) }))} onChange={(expectOutcome: Outcome) => set(i, { ...c, expectOutcome })} aria-label={t('strategyEditor.tests.expectOutcome')} />,
          },
          {
            title: t('strategyEditor.tests.expectHits'),
            key: 'hits',
            render: (_, c, i) => (
              <Select
                size="small"
                mode="multiple"
                style={{ minWidth: 220 }}
                disabled={readOnly}
                value={c.expectHits ?? []}
                options={pkg.rules.map((r) => ({ value: r.id, label: r.id }))}
                onChange={(v: string[]) => set(i, { ...c, expectHits: v.length ? v : undefined })}
                aria-label={t('strategyEditor.tests.expectHits')}
              />
            ),
          },
          {
            title: '',
            key: 'del',
            width: 48,
            render: (_, c, i) =>
              !readOnly && (
                <Popconfirm title={t('strategyEditor.tests.deleteConfirm', { name: c.name })} okText={t('strategyEditor.delete')} cancelText={t('strategyEditor.cancel')} onConfirm={() => update?.((p) => ({ ...p, testCases: removeAt(p.testCases ?? [], i) }))}>
                  <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={t('strategyEditor.delete')} />
                </Popconfirm>
              ),
          },
        ]}
      />
      {!readOnly && cases.length < 500 && (
        <Button icon={<PlusOutlined />} onClick={add}>
          {t('strategyEditor.tests.add')}
        </Button>
      )}
    </Space>
  );
}
