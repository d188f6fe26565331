import { useMemo, useState } from 'react';
import { Button, Card, Checkbox, Col, DatePicker, Form, Input, InputNumber, Row, Select, Space } from 'antd';
import { PlusOutlined, SearchOutlined, SettingOutlined, UploadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { Link, useSearchParams } from 'react-router';
import { casesApi } from '../../../api/cases-api.ts';
import { decisionsApi } from '../../../api/decisions-api.ts';
import type { CasePhase, CasePriority, CaseSubjectType } from '../../../api/types.ts';
import { currentCursor, firstPage, nextPage, pageNumber, previousPage, type CursorStack } from '../../../components/cursor-stack.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { useText } from '../../../components/use-text.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { OrgTreeSelect } from '../../admin/components/OrgTreeSelect.tsx';
import { useOrgQuery, useOrgScope } from '../../org-scope/hooks/use-org-scope.ts';
import { usePermissions } from '../../session/hooks/use-permissions.ts';
import { useSession } from '../../session/hooks/use-session.ts';
import { PageHeader } from '../../shell/components/PageHeader.tsx';
import type { NavPage } from '../../shell/nav-items.ts';
import { stateChoices, useCaseTypes } from '../hooks/use-case-types.ts';
import {
  CASE_PAGE_SIZES,
  CASE_PHASES,
  CASE_PRIORITIES,
  CASE_SUBJECT_TYPES,
  MINE,
  caseFiltersToParams,
  caseFiltersToQuery,
  notForUrl,
  needsCardToken,
  parseCaseFilters,
  type CaseFilters,
} from '../model/case-filters.ts';
import { CaseTable } from './CaseTable.tsx';
import { ImportCasesModal } from './ImportCasesModal.tsx';
import { NewCaseModal } from './NewCaseModal.tsx';

interface FormValues {
  subjectType?: CaseSubjectType;
  subjectKey?: string;
  q?: string;
  type?: string;
  phases: CasePhase[];
  states: string[];
  priority?: CasePriority;
  org?: string;
  mine: boolean;
  investigator?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
  amountMin?: number | null;
  amountMax?: number | null;
  limit: number;
}

/** The case center's list: every filter of the API in the address bar, server-side cursor paging. */
export function CaseSearchPage({ page }: { page: NavPage }) {
  const { t } = useI18n();
  const text = useText();
  const permissions = usePermissions();
  const { data: session } = useSession();
  const { canSwitch } = useOrgScope();
  const orgQuery = useOrgQuery();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => parseCaseFilters(params), [params]);
  const filterKey = caseFiltersToParams(filters).toString();
  const me = session?.user.username;
  // Paging starts over when the filters or the org switcher's choice change.
  const pagingKey = `${filterKey}|${orgQuery.org ?? ''}`;
  const [stack, setStack] = useState<{ key: string; s: CursorStack }>({ key: pagingKey, s: firstPage() });
  const pages = stack.key === pagingKey ? stack.s : firstPage();
  const query = caseFiltersToQuery(filters, { switcherOrg: orgQuery.org, me }, currentCursor(pages));
  const [resolving, setResolving] = useState(false);
  const [resolveError, setResolveError] = useState<unknown>(null);
  const [dialog, setDialog] = useState<'new' | 'import' | undefined>();
  const mayInvestigate = permissions.has('case.investigate');

  const result = useQuery({
    queryKey: ['cases', 'search', query],
    queryFn: ({ signal }) => casesApi.search(query, signal),
    placeholderData: keepPreviousData,
    // "Mine" waits for the session to name the user.
    enabled: filters.investigator !== MINE || !!me,
  });
  const types = useCaseTypes();
  const states = useMemo(() => stateChoices(types.data ?? []), [types.data]);

  const initial: FormValues = {
    subjectType: filters.subjectType,
    subjectKey: filters.subjectKey,
    q: filters.q,
    type: filters.type,
    phases: filters.phases,
    states: filters.states,
    priority: filters.priority,
    org: filters.org,
    mine: filters.investigator === MINE,
    investigator: filters.investigator === MINE ? undefined : filters.investigator,
    range: filters.openedFrom || filters.openedTo ? [filters.openedFrom ? dayjs(filters.openedFrom) : null, filters.openedTo ? dayjs(filters.openedTo) : null] : null,
    amountMin: filters.amountMin,
    amountMax: filters.amountMax,
    limit: filters.limit,
  };

  async function submit(v: FormValues) {
    setResolveError(null);
    let subjectKey = v.subjectKey?.trim() || undefined;
    // A card number is swapped for its token before it reaches the address bar (and the API's URL).
    if (needsCardToken(v.subjectType, subjectKey)) {
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
    const next: CaseFilters = {
      subjectType: v.subjectType,
      subjectKey,
      type: v.type,
      states: v.states ?? [],
      phases: v.phases ?? [],
      priority: v.priority,
      org: v.org || undefined,
      investigator: v.mine ? MINE : v.investigator?.trim() || undefined,
      openedFrom: v.range?.[0]?.toISOString(),
      openedTo: v.range?.[1]?.toISOString(),
      amountMin: v.amountMin ?? undefined,
      amountMax: v.amountMax ?? undefined,
      q: v.q?.trim() || undefined,
      limit: v.limit,
    };
    setParams(caseFiltersToParams(next));
  }

  const nextCursor = result.data?.nextCursor ?? null;
  return (
    <>
      <PageHeader
        title={t(page.labelKey)}
        description={t('cases.description')}
        extra={
          <Space wrap>
            {permissions.has('case.configure') && (
              <Link to="/cases/admin">
                <Button icon={<SettingOutlined />} data-testid="cases-admin-link">
                  {t('cases.admin.link')}
                </Button>
              </Link>
            )}
            {mayInvestigate && (
              <Button icon={<UploadOutlined />} onClick={() => setDialog('import')} data-testid="cases-import">
                {t('cases.import.button')}
              </Button>
            )}
            {mayInvestigate && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog('new')} data-testid="cases-new">
                {t('cases.new.button')}
              </Button>
            )}
          </Space>
        }
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form<FormValues> key={filterKey} name="caseFilters" layout="vertical" initialValues={initial} onFinish={submit} data-testid="case-filters">
          <Row gutter={12}>
            <Col xs={24} md={12} xl={8}>
              <Form.Item label={t('cases.filter.subject')}>
                <Space.Compact style={{ width: '100%' }}>
                  <Form.Item name="subjectType" noStyle>
                    <Select style={{ width: 130 }} allowClear placeholder={t('cases.filter.subjectType')} options={CASE_SUBJECT_TYPES.map((k) => ({ value: k, label: t(`cases.subject.${k}`) }))} data-testid="filter-subject-type" />
                  </Form.Item>
                  <Form.Item
                    name="subjectKey"
                    noStyle
                    dependencies={['subjectType']}
                    rules={[
                      ({ getFieldValue }) => ({
                        validator: (_, v?: string) => (v && notForUrl(v) && getFieldValue('subjectType') !== 'card' ? Promise.reject(new Error(t('cases.filter.cardNeedsType'))) : Promise.resolve()),
                      }),
                    ]}
                  >
                    <Input allowClear placeholder={t('cases.filter.subjectKeyPlaceholder')} data-testid="filter-subject-key" />
                  </Form.Item>
                </Space.Compact>
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <Form.Item name="q" label={t('cases.filter.text')} rules={[{ max: 200 }, { validator: (_, v?: string) => (v && notForUrl(v) ? Promise.reject(new Error(t('cases.filter.noCardInText'))) : Promise.resolve()) }]}>
                <Input allowClear placeholder={t('cases.filter.textPlaceholder')} data-testid="filter-text" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={5}>
              <Form.Item name="type" label={t('cases.filter.type')}>
                <Select allowClear placeholder={t('cases.filter.any')} options={(types.data ?? []).map((ty) => ({ value: ty.key, label: text(ty.name) }))} data-testid="filter-type" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={5}>
              <Form.Item name="priority" label={t('cases.filter.priority')}>
                <Select allowClear placeholder={t('cases.filter.any')} options={CASE_PRIORITIES.map((p) => ({ value: p, label: t(`cases.priority.${p}`) }))} data-testid="filter-priority" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <Form.Item name="phases" label={t('cases.filter.phase')}>
                <Select mode="multiple" allowClear placeholder={t('cases.filter.any')} options={CASE_PHASES.map((p) => ({ value: p, label: t(`cases.phase.${p}`) }))} data-testid="filter-phase" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <Form.Item name="states" label={t('cases.filter.state')}>
                <Select mode="multiple" allowClear placeholder={t('cases.filter.any')} options={states.map((s) => ({ value: s.key, label: text(s.name) }))} data-testid="filter-state" />
              </Form.Item>
            </Col>
            {canSwitch && (
              <Col xs={24} md={12} xl={6}>
                <Form.Item name="org" label={t('cases.filter.org')} extra={t('cases.filter.orgHint')}>
                  <OrgTreeSelect allowClear placeholder={t('cases.filter.switcherOrg')} testId="filter-org" style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            )}
            <Col xs={24} md={12} xl={6}>
              <Form.Item label={t('cases.filter.investigator')}>
                <Form.Item noStyle shouldUpdate={(a, b) => a.mine !== b.mine}>
                  {({ getFieldValue }) => (
                    <Form.Item name="investigator" noStyle rules={[{ pattern: /^[a-z][a-z0-9._-]{2,63}$/, message: t('cases.filter.usernameInvalid') }]}>
                      <Input allowClear disabled={getFieldValue('mine')} placeholder={t('cases.filter.investigatorPlaceholder')} data-testid="filter-investigator" />
                    </Form.Item>
                  )}
                </Form.Item>
                <Form.Item name="mine" valuePropName="checked" noStyle>
                  <Checkbox style={{ marginTop: 4 }} data-testid="filter-mine">
                    {t('cases.filter.mine')}
                  </Checkbox>
                </Form.Item>
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={7}>
              <Form.Item name="range" label={t('cases.filter.opened')}>
                <DatePicker.RangePicker style={{ width: '100%' }} showTime allowEmpty={[true, true]} data-testid="filter-opened" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <Form.Item label={t('cases.filter.amount')}>
                <Space.Compact style={{ width: '100%' }}>
                  <Form.Item name="amountMin" noStyle>
                    <InputNumber min={0} style={{ width: '50%' }} placeholder={t('cases.filter.amountMin')} data-testid="filter-amount-min" />
                  </Form.Item>
                  <Form.Item name="amountMax" noStyle>
                    <InputNumber min={0} style={{ width: '50%' }} placeholder={t('cases.filter.amountMax')} data-testid="filter-amount-max" />
                  </Form.Item>
                </Space.Compact>
              </Form.Item>
            </Col>
            <Col xs={12} md={6} xl={3}>
              <Form.Item name="limit" label={t('cases.filter.pageSize')}>
                <Select options={CASE_PAGE_SIZES.map((n) => ({ value: n, label: String(n) }))} data-testid="filter-limit" />
              </Form.Item>
            </Col>
            <Col flex="auto">
              <Form.Item label=" " colon={false}>
                <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
                  <Button onClick={() => setParams(new URLSearchParams())} data-testid="filter-reset">
                    {t('cases.reset')}
                  </Button>
                  <Button type="primary" htmlType="submit" icon={<SearchOutlined />} loading={resolving} data-testid="filter-submit">
                    {t('cases.search')}
                  </Button>
                </Space>
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Card>
      <ErrorAlert error={resolveError ?? result.error ?? types.error} />
      <CaseTable
        items={result.data?.items}
        loading={result.isFetching}
        page={pageNumber(pages)}
        hasNext={!!nextCursor && !result.isPlaceholderData}
        onNext={() => nextCursor && setStack({ key: pagingKey, s: nextPage(pages, nextCursor) })}
        onPrevious={() => setStack({ key: pagingKey, s: previousPage(pages) })}
      />
      <NewCaseModal open={dialog === 'new'} onClose={() => setDialog(undefined)} />
      <ImportCasesModal open={dialog === 'import'} onClose={() => setDialog(undefined)} />
    </>
  );
}
