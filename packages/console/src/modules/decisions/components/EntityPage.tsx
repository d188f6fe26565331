import { Empty } from 'antd';
import { useParams } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { PageHeader } from '../../shell/components/PageHeader.tsx';
import type { NavPage } from '../../shell/nav-items.ts';
import type { EntityKind } from '../../../api/types.ts';
import { ENTITY_TYPES } from '../search-filters.ts';
import { EntityDetail } from './EntityDetail.tsx';
import { EntitySearchForm } from './EntitySearchForm.tsx';

const isKind = (v: string | undefined): v is EntityKind => !!v && (ENTITY_TYPES as readonly string[]).includes(v);

/** Entity 360: one card, customer, device, … — its decisions, features and list memberships. */
export function EntityPage({ page }: { page: NavPage }) {
  const { t } = useI18n();
  const params = useParams();
  const type = isKind(params.type) ? params.type : undefined;
  const value = type ? params.value : undefined;
  return (
    <>
      <PageHeader title={t(page.labelKey)} description={t('entity.description')} />
      <EntitySearchForm key={`${type ?? ''}/${value ?? ''}`} type={type} value={value} />
      {params.type && !type && <ErrorAlert error={new Error(t('entity.unknownType'))} />}
      {type && value ? <EntityDetail type={type} value={value} /> : <Empty description={t('entity.prompt')} data-testid="entity-prompt" />}
    </>
  );
}
