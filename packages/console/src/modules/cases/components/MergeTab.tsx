import { useState } from 'react';
import { Alert, Button, Popconfirm, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { casesApi } from '../../../api/cases-api.ts';
import type { CaseMergeResult } from '../../../api/types.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { ErrorDetails } from '../../strategies/components/ErrorDetails.tsx';
import { useCasePage } from '../hooks/case-page-context.ts';
import { useCaseWrite } from '../hooks/use-case-write.ts';
import { CaseTable } from './CaseTable.tsx';
import { SubjectText } from './CaseTags.tsx';

/** Other open cases of the same subject (and org), to merge into this one: their whole history comes along. */
export function MergeTab() {
  const { t } = useI18n();
  const { c, mayWork } = useCasePage();
  const [selected, setSelected] = useState<string[]>([]);
  const [merged, setMerged] = useState<CaseMergeResult['merged'] | undefined>();
  const others = useQuery({
    queryKey: ['cases', 'search', 'same-subject', c.id, c.subjectType, c.subjectKey],
    queryFn: () => casesApi.search({ subjectType: c.subjectType, subjectKey: c.subjectKey, org: c.orgId, phase: ['open', 'active', 'review'], limit: 100 }),
    enabled: mayWork,
  });
  const candidates = (others.data?.items ?? []).filter((x) => x.id !== c.id && x.orgId === c.orgId);
  const merge = useCaseWrite(
    (id, from: string[]) => casesApi.merge(id, from, c.version),
    (r) => {
      setMerged(r.merged);
      setSelected([]);
      void others.refetch();
    },
  );
  if (!mayWork) return <Typography.Text type="secondary">{t('cases.merge.closed')}</Typography.Text>;
  return (
    <div data-testid="case-merge">
      <Typography.Paragraph type="secondary">
        {t('cases.merge.explain')} <SubjectText type={c.subjectType} display={c.subjectDisplay} />
      </Typography.Paragraph>
      {merged && (
        <Alert
          type="success"
          showIcon
          closable
          style={{ marginBottom: 12 }}
          data-testid="merge-done"
          title={t('cases.merge.done', { n: merged.length })}
          description={
            <Space wrap>
              {merged.map((m) => (
                <Tag key={m.id}>{t('cases.merge.doneOne', { number: m.number, events: m.events })}</Tag>
              ))}
            </Space>
          }
          onClose={() => setMerged(undefined)}
        />
      )}
      <ErrorAlert error={others.error} />
      <ErrorDetails error={merge.error} />
      <CaseTable
        testId="merge-candidates"
        items={candidates}
        loading={others.isFetching}
        page={1}
        hasNext={false}
        onNext={() => undefined}
        onPrevious={() => undefined}
        selection={{ selected, onChange: setSelected }}
        emptyText={t('cases.merge.none')}
      />
      <Popconfirm title={t('cases.merge.confirm', { n: selected.length, number: c.number })} okText={t('cases.confirm')} cancelText={t('cases.cancel')} onConfirm={() => merge.mutate(selected)} okButtonProps={{ 'data-testid': 'merge-confirm' }}>
        <Button type="primary" style={{ marginTop: 12 }} disabled={!selected.length} loading={merge.isPending} data-testid="merge-submit">
          {t('cases.merge.submit', { n: selected.length })}
        </Button>
      </Popconfirm>
    </div>
  );
}
