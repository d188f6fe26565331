import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Badge, Card, Collapse, Empty, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { strategiesApi } from '../strategies-client.ts';
import type { StrategyPackageDiff, StrategyVersionSummary } from '../../../api/types.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { useI18n } from '../../../i18n/use-i18n.ts';
import type { MessageKey } from '../../../i18n/translate.ts';
import { DIFF_SECTIONS, diffRows, sectionCount, valueText, type DiffRow } from '../utils/diff-sections.ts';

const CHANGE_COLORS = { added: 'success', removed: 'error', changed: 'processing' } as const;

/** What changed between this version and another: structured by kind of item, and as the reviewers' text. */
export function DiffTab({ id, version, versions }: { id: string; version: number; versions: StrategyVersionSummary[] }) {
  const { t, locale } = useI18n();
  const others = versions.filter((v) => v.version !== version);
  // Against the version before it by default (else the newest other one).
  const fallback = others.find((v) => v.version < version)?.version ?? others[0]?.version;
  const [other, setOther] = useState<number | undefined>(undefined);
  const base = other ?? fallback;
  const [from, to] = base === undefined ? [undefined, undefined] : base < version ? [base, version] : [version, base];
  const diff = useQuery({
    queryKey: ['strategies', id, 'diff', from, to, locale],
    queryFn: () => strategiesApi.diff(id, from!, to!, locale === 'zh-CN' ? 'zh' : 'en'),
    enabled: from !== undefined,
  });
  if (others.length === 0) return <Empty description={t('strategies.diff.noOther')} />;
  return (
    <div data-testid="version-diff">
      <Space style={{ marginBottom: 12 }}>
        <Typography.Text>{t('strategies.diff.compareWith')}</Typography.Text>
        <Select style={{ width: 200 }} value={base} onChange={setOther} options={others.map((v) => ({ value: v.version, label: t('strategies.diff.versionOption', { version: v.version, state: t(`strategies.state.${v.status}` as MessageKey) }) }))} data-testid="diff-other" />
        {from !== undefined && <Typography.Text type="secondary">{t('strategies.diff.direction', { from, to: to! })}</Typography.Text>}
      </Space>
      <ErrorAlert error={diff.error} />
      {diff.isLoading && <Spin />}
      {diff.data && (diff.data.diff.empty ? <Empty description={t('strategies.diff.empty')} /> : <DiffView diff={diff.data.diff} text={diff.data.text} />)}
    </div>
  );
}

function DiffView({ diff, text }: { diff: StrategyPackageDiff; text: string }) {
  const { t } = useI18n();
  const sections = DIFF_SECTIONS.filter((s) => sectionCount(diff, s) > 0);
  return (
    <>
      {(diff.thresholds.length > 0 || diff.outcomeMapping.length > 0 || diff.package.length > 0 || diff.lists.added.length + diff.lists.removed.length > 0) && (
        <Card size="small" title={t('strategies.diff.highlights')} style={{ marginBottom: 12 }} data-testid="diff-highlights">
          {diff.package.map((c) => (
            <div key={`p${c.path}`}>
              <Tag>{t('strategies.diff.package')}</Tag>
              <code>{c.path}</code> {valueText(c.before)} → {valueText(c.after)}
            </div>
          ))}
          {diff.thresholds.map((c, i) => (
            <div key={`t${i}`}>
              <Tag color="orange">{t('strategies.diff.threshold')}</Tag>
              <code>{`${c.rule ?? c.variable ?? c.stage ?? c.table ?? ''} ${c.path}`}</code> {c.context ? <Typography.Text type="secondary">{c.context}</Typography.Text> : null} {c.before} → <b>{c.after}</b>
            </div>
          ))}
          {diff.outcomeMapping.map((c, i) => (
            <div key={`o${i}`}>
              <Tag color="red">{t('strategies.diff.outcomeMapping')}</Tag>
              <code>{`${c.id} ${c.path}`}</code> {c.before ?? '—'} → <b>{c.after ?? '—'}</b>
            </div>
          ))}
          {diff.lists.added.map((l) => (
            <div key={`la${l}`}>
              <Tag color="success">{t('strategies.diff.listAdded')}</Tag> <code>{l}</code>
            </div>
          ))}
          {diff.lists.removed.map((l) => (
            <div key={`lr${l}`}>
              <Tag color="error">{t('strategies.diff.listRemoved')}</Tag> <code>{l}</code>
            </div>
          ))}
        </Card>
      )}
      <Collapse
        defaultActiveKey={sections.slice(0, 3)}
        style={{ marginBottom: 12 }}
        items={sections.map((s) => ({
          key: s,
          label: (
            <Space>
              {t(`strategies.diff.section.${s}` as MessageKey)}
              <Badge count={sectionCount(diff, s)} color="blue" />
            </Space>
          ),
          children: <SectionTable rows={diffRows(diff, s)} reordered={diff[s].reordered} />,
        }))}
        data-testid="diff-sections"
      />
      <Card size="small" title={t('strategies.diff.text')}>
        <pre style={{ margin: 0, whiteSpace: 'pre-wrap', fontSize: 12 }} data-testid="diff-text">
          {text}
        </pre>
      </Card>
    </>
  );
}

function SectionTable({ rows, reordered }: { rows: DiffRow[]; reordered?: { before: string[]; after: string[] } }) {
  const { t } = useI18n();
  return (
    <>
      {reordered && <Typography.Paragraph type="secondary">{t('strategies.diff.reordered', { before: reordered.before.join(' → '), after: reordered.after.join(' → ') })}</Typography.Paragraph>}
      <Table<DiffRow>
        size="small"
        rowKey={(r) => String(r.key)}
        dataSource={rows}
        pagination={rows.length > 20 ? { pageSize: 20, size: 'small' } : false}
        columns={[
          { title: t('strategies.diff.change'), dataIndex: 'change', width: 100, render: (c: DiffRow['change']) => <Tag color={CHANGE_COLORS[c]}>{t(`strategies.diff.${c}`)}</Tag> },
          { title: t('strategies.diff.item'), dataIndex: 'id', width: 200, render: (id: string) => <code>{id}</code> },
          {
            title: t('strategies.diff.fields'),
            key: 'fields',
            render: (_: unknown, r) => (
              <>
                {r.notes.map((n) => (
                  <div key={n}>{n}</div>
                ))}
                {r.fields.map((f, i) => (
                  <div key={i} style={{ fontSize: 12 }}>
                    {f.path && <code>{f.path}</code>} {f.before !== undefined && <Typography.Text delete type="danger">{valueText(f.before)}</Typography.Text>} {f.before !== undefined && f.after !== undefined && '→'}{' '}
                    {f.after !== undefined && <Typography.Text type="success">{valueText(f.after)}</Typography.Text>}
                  </div>
                ))}
              </>
            ),
          },
        ]}
      />
    </>
  );
}
