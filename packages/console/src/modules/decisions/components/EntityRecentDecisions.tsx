import { useState } from 'react';
import { Card } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { decisionsApi } from '../../../api/decisions-api.ts';
import type { EntityView } from '../../../api/types.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { useOrgQuery } from '../../org-scope/hooks/use-org-scope.ts';
import { currentCursor, firstPage, nextPage, pageNumber, previousPage, type CursorStack } from '../../../components/cursor-stack.ts';
import { DecisionTable } from './DecisionTable.tsx';

/** The entity's decisions, newest first, paged by the log's cursor. */
export function EntityRecentDecisions({ entity }: { entity: EntityView }) {
  const { t } = useI18n();
  const orgQuery = useOrgQuery();
  const key = `${entity.type}/${entity.value}/${orgQuery.org ?? ''}`;
  const [stack, setStack] = useState<{ key: string; s: CursorStack }>({ key, s: firstPage() });
  const pages = stack.key === key ? stack.s : firstPage();
  const query = { entityType: entity.type, value: entity.value, limit: 20, ...orgQuery, cursor: currentCursor(pages) };
  const r = useQuery({ queryKey: ['decisions', 'search', query], queryFn: ({ signal }) => decisionsApi.search(query, signal), placeholderData: keepPreviousData });
  const next = r.data?.nextCursor ?? null;
  return (
    <Card size="small" title={t('entity.recent')} extra={<Link to={`/decisions?entityType=${entity.type}&value=${encodeURIComponent(entity.value)}`}>{t('entity.openInSearch')}</Link>}>
      <ErrorAlert error={r.error} />
      <DecisionTable
        testId="entity-decisions"
        items={r.data?.items}
        loading={r.isFetching}
        page={pageNumber(pages)}
        hasNext={!!next && !r.isPlaceholderData}
        onNext={() => next && setStack({ key, s: nextPage(pages, next) })}
        onPrevious={() => setStack({ key, s: previousPage(pages) })}
      />
    </Card>
  );
}
