import { useMemo, useState } from 'react';
import { AutoComplete, Button, Card, Col, DatePicker, Form, Input, Row, Select, Space, Typography } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useSearchParams } from 'react-router';
import { alertsApi } from '../../../api/alerts-api.ts';
import { decisionsApi, eventTypeChoices } from '../../../api/decisions-api.ts';
import type { AlertLevel, AlertStatus, Disposition } from '../../../api/types.ts';
import { currentCursor, firstPage, nextPage, pageNumber, previousPage, type CursorStack } from '../../../components/cursor-stack.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { useText } from '../../../components/use-text.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { OrgTreeSelect } from '../../admin/components/OrgTreeSelect.tsx';
import { isCardNumber } from '../../decisions/search-filters.ts';
import { useOrgQuery, useOrgScope } from '../../org-scope/hooks/use-org-scope.ts';
import { usePermissions } from '../../session/hooks/use-permissions.ts';
import { PageHeader } from '../../shell/components/PageHeader.tsx';
import { useAlertCategories } from '../hooks/use-alert-categories.ts';
import { useNow } from '../hooks/use-now.ts';
import { ALERT_LEVELS, ALERT_STATUSES, DISPOSITIONS, SUBJECT_KINDS, type SubjectKind } from '../utils/alert-model.ts';
import { alertFiltersToParams, alertFiltersToQuery, PAGE_SIZES, parseAlertFilters, type AlertFilters } from '../utils/alert-filters.ts';
import { AlertTable } from './AlertTable.tsx';

interface FormValues {
  statuses: AlertStatus[];
  levels: AlertLevel[];
  categories: string[];
  dispositions: Disposition[];
  org?: string;
  assignee?: string;
  breached?: 'yes' | 'no';
  eventType?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
  subjectType?: SubjectKind;
  subjectKey?: string;
  limit: number;
}

/** The alert search: every filter of the API in the address bar, newest first, paged on the server. */
export function AlertSearchPage() {
  const { t } = useI18n();
  const text = useText();
  const now = useNow();
  const permissions = usePermissions();
  const orgQuery = useOrgQuery();
  const { orgs } = useOrgScope();
  const { categories } = useAlertCategories();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => parseAlertFilters(params), [params]);
  const filterKey = alertFiltersToParams(filters).toString();
  // Paging starts over when the filters or the org switcher's choice change.
  const pagingKey = `${filterKey}|${orgQuery.org ?? ''}`;
  const [stack, setStack] = useState<{ key: string; s: CursorStack }>({ key: pagingKey, s: firstPage() });
  const pages = stack.key === pagingKey ? stack.s : firstPage();
  const query = alertFiltersToQuery(filters, orgQuery.org, currentCursor(pages));
  const [resolving, setResolving] = useState(false);
  const [resolveError, setResolveError] = useState<unknown>(null);

  const result = useQuery({ queryKey: ['alerts', 'search', query], queryFn: ({ signal }) => alertsApi.search(query, signal), placeholderData: keepPreviousData });
  const eventTypes = useQuery({ queryKey: ['event-types', 'choices'], queryFn: eventTypeChoices, enabled: permissions.has('event_type.read'), staleTime: 300_000 });

  const initial: FormValues = {
    statuses: filters.statuses,
    levels: filters.levels,
    categories: filters.categories,
    dispositions: filters.dispositions,
    org: filters.org,
    assignee: filters.assignee,
    breached: filters.breached === undefined ? undefined : filters.breached ? 'yes' : 'no',
    eventType: filters.eventType,
    range: filters.from || filters.to ? [filters.from ? dayjs(filters.from) : null, filters.to ? dayjs(filters.to) : null] : null,
    subjectType: filters.subjectType,
    subjectKey: filters.subjectKey,
    limit: filters.limit,
  };

  async function submit(v: FormValues) {
    setResolveError(null);
    let subjectKey = v.subjectKey?.trim() || undefined;
    const subjectType = subjectKey ? (v.subjectType ?? 'card') : undefined;
    // A card number is swapped for its token (the key alerts store) before it reaches the address bar.
    if (subjectType === 'card' && isCardNumber('card', subjectKey)) {
      setResolving(true);
      try {
        subjectKey = (await decisionsApi.entity('card', subjectKey!)).value;
      } catch (e) {
        setResolveError(e);
        return;
      } finally {
        setResolving(false);
      }
    }
    const next: AlertFilters = {
      statuses: v.statuses ?? [],
      levels: v.levels ?? [],
      categories: v.categories ?? [],
      dispositions: v.dispositions ?? [],
      org: v.org || undefined,
      assignee: v.assignee?.trim() || undefined,
      breached: v.breached === undefined ? undefined : v.breached === 'yes',
      eventType: v.eventType?.trim() || undefined,
      from: v.range?.[0]?.toISOString(),
      to: v.range?.[1]?.toISOString(),
      ...(subjectType && subjectKey ? { subjectType, subjectKey } : {}),
      limit: v.limit,
    };
    setParams(alertFiltersToParams(next));
  }

  const nextCursor = result.data?.nextCursor ?? null;
  return (
    <div data-testid="alert-search">
      <PageHeader title={t('alerts.search.title')} description={t('alerts.search.description')} />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form<FormValues> key={filterKey} layout="vertical" initialValues={initial} onFinish={submit} data-testid="alert-filters">
          <Row gutter={12}>
            <Col xs={24} md={12} xl={6}>
              <Form.Item name="statuses" label={t('alerts.filter.status')}>
                <Select mode="multiple" allowClear placeholder={t('alerts.filter.any')} options={ALERT_STATUSES.map((s) => ({ value: s, label: t(`alerts.status.${s}`) }))} data-testid="filter-status" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <Form.Item name="levels" label={t('alerts.filter.level')}>
                <Select mode="multiple" allowClear placeholder={t('alerts.filter.any')} options={[...ALERT_LEVELS].reverse().map((l) => ({ value: l, label: t(`alerts.level.${l}`) }))} data-testid="filter-level" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <Form.Item name="categories" label={t('alerts.filter.category')}>
                <Select mode="multiple" allowClear placeholder={t('alerts.filter.any')} options={categories.map((c) => ({ value: c.key, label: `${text(c.name)} · ${c.key}` }))} data-testid="filter-category" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <Form.Item name="dispositions" label={t('alerts.filter.disposition')}>
                <Select mode="multiple" allowClear placeholder={t('alerts.filter.any')} options={DISPOSITIONS.map((d) => ({ value: d, label: t(`alerts.disposition.${d}`) }))} data-testid="filter-disposition" />
              </Form.Item>
            </Col>
            {orgs.length > 0 && (
              <Col xs={24} md={12} xl={6}>
                <Form.Item name="org" label={t('alerts.filter.org')} extra={t('alerts.filter.orgHint')}>
                  <OrgTreeSelect allowClear placeholder={t('alerts.filter.switcherOrg')} testId="filter-org" style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            )}
            <Col xs={24} md={12} xl={4}>
              <Form.Item name="assignee" label={t('alerts.filter.assignee')} rules={[{ max: 128 }]}>
                <Input allowClear placeholder={t('alerts.filter.assigneePlaceholder')} data-testid="filter-assignee" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6} xl={3}>
              <Form.Item name="breached" label={t('alerts.filter.breached')}>
                <Select
                  allowClear
                  placeholder={t('alerts.filter.any')}
                  options={[
                    { value: 'yes', label: t('alerts.filter.breachedYes') },
                    { value: 'no', label: t('alerts.filter.breachedNo') },
                  ]}
                  data-testid="filter-breached"
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={6} xl={5}>
              <Form.Item name="eventType" label={t('alerts.filter.eventType')}>
                <AutoComplete allowClear placeholder={t('alerts.filter.any')} options={(eventTypes.data ?? []).map((e) => ({ value: e.key, label: `${e.key} · ${text(e.name)}` }))} data-testid="filter-event-type" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <Form.Item name="range" label={t('alerts.filter.time')}>
                <DatePicker.RangePicker style={{ width: '100%' }} showTime allowEmpty={[true, true]} data-testid="filter-time" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={9}>
              <Form.Item label={t('alerts.filter.subject')}>
                <Space.Compact style={{ width: '100%' }}>
                  <Form.Item name="subjectType" noStyle>
                    <Select style={{ width: 140 }} allowClear placeholder={t('alerts.filter.subjectType')} options={SUBJECT_KINDS.map((k) => ({ value: k, label: t(`alerts.subject.${k}`) }))} data-testid="filter-subject-type" />
                  </Form.Item>
                  <Form.Item name="subjectKey" noStyle rules={[{ max: 256 }]}>
                    <Input allowClear placeholder={t('alerts.filter.subjectPlaceholder')} data-testid="filter-subject-key" />
                  </Form.Item>
                </Space.Compact>
              </Form.Item>
            </Col>
            <Col xs={12} md={6} xl={3}>
              <Form.Item name="limit" label={t('alerts.filter.pageSize')}>
                <Select options={PAGE_SIZES.map((n) => ({ value: n, label: String(n) }))} data-testid="filter-limit" />
              </Form.Item>
            </Col>
            <Col flex="auto">
              <Form.Item label=" " colon={false}>
                <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
                  <Button onClick={() => setParams(new URLSearchParams())} data-testid="filter-reset">
                    {t('alerts.filter.reset')}
                  </Button>
                  <Button type="primary" htmlType="submit" icon={<SearchOutlined />} loading={resolving} data-testid="filter-submit">
                    {t('alerts.filter.search')}
                  </Button>
                </Space>
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Card>
      <ErrorAlert error={resolveError ?? result.error} />
      <AlertTable
        items={result.data?.items}
        loading={result.isFetching}
        now={now}
        emptyText={t('alerts.search.empty')}
        testId="search-table"
        footer={
          <Space style={{ marginTop: 12, justifyContent: 'flex-end', width: '100%' }}>
            <Typography.Text type="secondary" data-testid="page-number">
              {t('alerts.page', { n: pageNumber(pages) })}
            </Typography.Text>
            <Button onClick={() => setStack({ key: pagingKey, s: previousPage(pages) })} disabled={pageNumber(pages) <= 1 || result.isFetching} data-testid="page-previous">
              {t('alerts.previous')}
            </Button>
            <Button onClick={() => nextCursor && setStack({ key: pagingKey, s: nextPage(pages, nextCursor) })} disabled={!nextCursor || result.isPlaceholderData || result.isFetching} data-testid="page-next">
              {t('alerts.next')}
            </Button>
          </Space>
        }
      />
    </div>
  );
}
