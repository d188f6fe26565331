import { useMemo, useState } from 'react';
import { AutoComplete, Button, Card, Checkbox, Col, DatePicker, Form, Input, Row, Select, Space } from 'antd';
import { DownloadOutlined, SearchOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useSearchParams } from 'react-router';
import { decisionsApi, eventTypeChoices } from '../../../api/decisions-api.ts';
import type { EntityKind } from '../../../api/types.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { useText } from '../../../components/use-text.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { useOrgQuery, useOrgScope } from '../../org-scope/hooks/use-org-scope.ts';
import { usePermissions } from '../../session/hooks/use-permissions.ts';
import { PageHeader } from '../../shell/components/PageHeader.tsx';
import type { NavPage } from '../../shell/nav-items.ts';
import {
  ENTITY_TYPES,
  FILTER_OUTCOMES,
  PAGE_SIZES,
  RANGE_PRESETS,
  exportQuery,
  filtersToParams,
  filtersToQuery,
  guessEntityType,
  isCardNumber,
  parseFilters,
  type DecisionFilters,
  type FilterOutcome,
} from '../search-filters.ts';
import { currentCursor, firstPage, nextPage, pageNumber, previousPage, type CursorStack } from '../../../components/cursor-stack.ts';
import { DecisionTable } from './DecisionTable.tsx';

interface FormValues {
  entityType?: EntityKind;
  value?: string;
  outcomes: FilterOutcome[];
  eventType?: string;
  rule?: string;
  org?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
  degraded: boolean;
  limit: number;
}

/** The decision query center: filters in the address bar, server-side cursor paging, CSV export. */
export function DecisionSearchPage({ page }: { page: NavPage }) {
  const { t } = useI18n();
  const text = useText();
  const permissions = usePermissions();
  const { orgs, canSwitch } = useOrgScope();
  const orgQuery = useOrgQuery();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => parseFilters(params), [params]);
  const filterKey = filtersToParams(filters).toString();
  // Paging starts over when the filters or the org switcher's choice change.
  const pagingKey = `${filterKey}|${orgQuery.org ?? ''}`;
  const [stack, setStack] = useState<{ key: string; s: CursorStack }>({ key: pagingKey, s: firstPage() });
  const pages = stack.key === pagingKey ? stack.s : firstPage();
  const query = filtersToQuery(filters, orgQuery.org, currentCursor(pages));
  const [resolving, setResolving] = useState(false);
  const [resolveError, setResolveError] = useState<unknown>(null);

  const result = useQuery({
    queryKey: ['decisions', 'search', query],
    queryFn: ({ signal }) => decisionsApi.search(query, signal),
    placeholderData: keepPreviousData,
  });
  const eventTypes = useQuery({ queryKey: ['event-types', 'choices'], queryFn: eventTypeChoices, enabled: permissions.has('event_type.read'), staleTime: 300_000 });

  const initial: FormValues = {
    entityType: filters.entityType,
    value: filters.value,
    outcomes: filters.outcomes,
    eventType: filters.eventType,
    rule: filters.rule,
    org: filters.org,
    range: filters.from || filters.to ? [filters.from ? dayjs(filters.from) : null, filters.to ? dayjs(filters.to) : null] : null,
    degraded: filters.degraded === true,
    limit: filters.limit,
  };

  async function submit(v: FormValues) {
    setResolveError(null);
    let value = v.value?.trim() || undefined;
    const entityType = value ? (v.entityType ?? guessEntityType(value)) : undefined;
    // A card number is swapped for its token before it reaches the address bar (and history).
    if (entityType && isCardNumber(entityType, value)) {
      setResolving(true);
      try {
        value = (await decisionsApi.entity('card', value!)).value;
      } catch (e) {
        setResolveError(e);
        return;
      } finally {
        setResolving(false);
      }
    }
    const next: DecisionFilters = {
      outcomes: v.outcomes ?? [],
      eventType: v.eventType?.trim() || undefined,
      rule: v.rule?.trim() || undefined,
      org: v.org || undefined,
      ...(entityType && value ? { entityType, value } : {}),
      from: v.range?.[0]?.toISOString(),
      to: v.range?.[1]?.toISOString(),
      degraded: v.degraded ? true : undefined,
      limit: v.limit,
    };
    setParams(filtersToParams(next));
  }

  const items = result.data?.items;
  const nextCursor = result.data?.nextCursor ?? null;
  const exportHref = decisionsApi.exportUrl(exportQuery(filters, orgQuery.org));

  return (
    <>
      <PageHeader
        title={t(page.labelKey)}
        description={t('decisions.description')}
        extra={
          permissions.has('decision.export') ? (
            <Button icon={<DownloadOutlined />} href={exportHref} data-testid="decisions-export">
              {t('decisions.export')}
            </Button>
          ) : undefined
        }
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form<FormValues> key={filterKey} layout="vertical" initialValues={initial} onFinish={submit} data-testid="decision-filters">
          <Row gutter={12}>
            <Col xs={24} md={12} xl={8}>
              <Form.Item label={t('decisions.filter.entity')}>
                <Space.Compact style={{ width: '100%' }}>
                  <Form.Item name="entityType" noStyle>
                    <Select style={{ width: 130 }} allowClear placeholder={t('decisions.filter.entityType')} options={ENTITY_TYPES.map((k) => ({ value: k, label: t(`entity.type.${k}`) }))} data-testid="filter-entity-type" />
                  </Form.Item>
                  <Form.Item name="value" noStyle rules={[{ max: 256, message: t('decisions.filter.valueTooLong') }]}>
                    <Input allowClear placeholder={t('decisions.filter.valuePlaceholder')} data-testid="filter-value" />
                  </Form.Item>
                </Space.Compact>
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={5}>
              <Form.Item name="outcomes" label={t('decisions.filter.outcome')}>
                <Select mode="multiple" allowClear placeholder={t('decisions.filter.any')} options={FILTER_OUTCOMES.map((o) => ({ value: o, label: t(`outcome.${o}`) }))} data-testid="filter-outcome" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={5}>
              <Form.Item name="eventType" label={t('decisions.filter.eventType')}>
                <AutoComplete
                  allowClear
                  placeholder={t('decisions.filter.any')}
                  options={(eventTypes.data ?? []).map((e) => ({ value: e.key, label: `${e.key} · ${text(e.name)}` }))}
                  data-testid="filter-event-type"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <Form.Item name="rule" label={t('decisions.filter.rule')} rules={[{ max: 80, message: t('decisions.filter.ruleTooLong') }]}>
                <Input allowClear placeholder={t('decisions.filter.rulePlaceholder')} data-testid="filter-rule" />
              </Form.Item>
            </Col>
            {canSwitch && (
              <Col xs={24} md={12} xl={5}>
                <Form.Item name="org" label={t('decisions.filter.org')}>
                  <Select allowClear placeholder={t('decisions.filter.switcherOrg')} options={orgs.map((o) => ({ value: o.id, label: text(o.name) }))} data-testid="filter-org" />
                </Form.Item>
              </Col>
            )}
            <Col xs={24} md={12} xl={8}>
              <Form.Item name="range" label={t('decisions.filter.time')}>
                <DatePicker.RangePicker
                  style={{ width: '100%' }}
                  showTime
                  allowEmpty={[true, true]}
                  presets={RANGE_PRESETS.map((p) => ({ label: t(p.labelKey), value: () => [dayjs().subtract(p.ms, 'millisecond'), dayjs()] as [Dayjs, Dayjs] }))}
                  data-testid="filter-time"
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={6} xl={3}>
              <Form.Item name="limit" label={t('decisions.filter.pageSize')}>
                <Select options={PAGE_SIZES.map((n) => ({ value: n, label: String(n) }))} data-testid="filter-limit" />
              </Form.Item>
            </Col>
            <Col flex="auto">
              <Form.Item label=" " colon={false}>
                <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
                  <Form.Item name="degraded" valuePropName="checked" noStyle>
                    <Checkbox data-testid="filter-degraded">{t('decisions.filter.degradedOnly')}</Checkbox>
                  </Form.Item>
                  <Space>
                    <Button onClick={() => setParams(new URLSearchParams())} data-testid="filter-reset">
                      {t('decisions.reset')}
                    </Button>
                    <Button type="primary" htmlType="submit" icon={<SearchOutlined />} loading={resolving} data-testid="filter-submit">
                      {t('decisions.search')}
                    </Button>
                  </Space>
                </Space>
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Card>
      <ErrorAlert error={resolveError ?? result.error} />
      <DecisionTable
        items={items}
        loading={result.isFetching}
        page={pageNumber(pages)}
        hasNext={!!nextCursor && !result.isPlaceholderData}
        onNext={() => nextCursor && setStack({ key: pagingKey, s: nextPage(pages, nextCursor) })}
        onPrevious={() => setStack({ key: pagingKey, s: previousPage(pages) })}
      />
    </>
  );
}
