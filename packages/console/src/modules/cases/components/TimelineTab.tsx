import { Alert, Empty, Spin, Tag, Timeline, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { casesApi } from '../../../api/cases-api.ts';
import type { CaseTimelineEntry } from '../../../api/types.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { useFormat } from '../../../components/use-format.ts';
import { hasMessage, type MessageKey } from '../../../i18n/translate.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { useCasePage } from '../hooks/case-page-context.ts';
import { actorName } from '../model/case-workflow.ts';
import { entryText, isTimelineKind, readWholeTimeline } from '../model/timeline-model.ts';

const COLORS: Record<string, string> = {
  created: 'blue',
  transition: 'purple',
  conclusion_proposed: 'orange',
  conclusion_approved: 'green',
  conclusion_rejected: 'red',
  labels_recorded: 'green',
  merged_in: 'cyan',
  merged_out: 'gray',
};

/** Every change of the case, oldest first, with who and when; entries of merged cases say where they happened. */
export function TimelineTab() {
  const { c } = useCasePage();
  const { t } = useI18n();
  const q = useQuery({ queryKey: ['cases', 'timeline', c.id], queryFn: () => readWholeTimeline((cursor) => casesApi.timeline(c.id, cursor)) });
  if (q.isLoading) return <Spin />;
  if (q.error) return <ErrorAlert error={q.error} />;
  const items = q.data?.items ?? [];
  if (!items.length) return <Empty description={t('cases.timeline.empty')} />;
  return (
    <div data-testid="case-timeline">
      {!q.data?.complete && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('cases.timeline.partial', { n: items.length })} />}
      <Timeline items={items.map((e) => ({ key: e.id, color: COLORS[e.kind] ?? 'gray', content: <Entry e={e} /> }))} />
    </div>
  );
}

function Entry({ e }: { e: CaseTimelineEntry }) {
  const { t, locale } = useI18n();
  const f = useFormat();
  const { params: raw, quote } = entryText(e, locale === 'zh-CN' ? 'zh' : 'en');
  // Values the API writes as codes, in the user's language.
  const word = (prefix: string, v: string | undefined) => (v && hasMessage(`${prefix}${v}`) ? t(`${prefix}${v}` as MessageKey) : v);
  const params = {
    ...raw,
    ...(raw.source ? { source: word('cases.source.', raw.source)! } : {}),
    ...(raw.outcome ? { outcome: word('cases.outcome.', raw.outcome)! } : {}),
    ...(raw.kind ? { kind: word(e.kind === 'link_added' ? 'cases.links.kinds.' : 'cases.evidence.kinds.', raw.kind)! } : {}),
  };
  return (
    <div data-testid="timeline-entry" data-kind={e.kind}>
      <Typography.Text type="secondary">{f.dateTime(e.at)}</Typography.Text> <Typography.Text strong>{actorName(e.actor)}</Typography.Text>{' '}
      <Tag>{isTimelineKind(e.kind) ? t(`cases.timeline.kind.${e.kind}`) : e.kind}</Tag>
      {e.originCaseId && (
        <Tag color="cyan" data-testid="timeline-origin">
          <Link to={`/cases/${encodeURIComponent(e.originCaseId)}`}>{t('cases.timeline.from', { number: e.originNumber ?? e.originCaseId })}</Link>
        </Tag>
      )}
      <div>{isTimelineKind(e.kind) ? t(`cases.timeline.text.${e.kind}`, params) : null}</div>
      {quote && (
        <Typography.Paragraph type="secondary" style={{ margin: '2px 0 0', whiteSpace: 'pre-wrap' }} ellipsis={{ rows: 3, expandable: true }}>
          {quote}
        </Typography.Paragraph>
      )}
    </div>
  );
}
