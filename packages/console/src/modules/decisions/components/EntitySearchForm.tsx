import { useState } from 'react';
import { Button, Card, Form, Input, Select } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { decisionsApi } from '../../../api/decisions-api.ts';
import type { EntityKind } from '../../../api/types.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { ENTITY_TYPES, isCardNumber } from '../search-filters.ts';

/** Entity type and value; a card number is swapped for its token before it reaches the address bar. */
export function EntitySearchForm({ type, value }: { type?: EntityKind; value?: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  async function submit(v: { type: EntityKind; value: string }) {
    setError(null);
    let shown = v.value.trim();
    // A card number is looked up once and replaced by its token: it never reaches the address bar.
    if (isCardNumber(v.type, shown)) {
      setBusy(true);
      try {
        shown = (await decisionsApi.entity('card', shown)).value;
      } catch (e) {
        setError(e);
        return;
      } finally {
        setBusy(false);
      }
    }
    navigate(`/entity/${v.type}/${encodeURIComponent(shown)}`);
  }
  return (
    <Card size="small" style={{ marginBottom: 16 }}>
      <Form layout="inline" initialValues={{ type: type ?? 'card', value: type === 'card' ? '' : (value ?? '') }} onFinish={submit} data-testid="entity-search">
        <Form.Item name="type" rules={[{ required: true, message: t('entity.typeRequired') }]}>
          <Select style={{ width: 140 }} options={ENTITY_TYPES.map((k) => ({ value: k, label: t(`entity.type.${k}`) }))} data-testid="entity-type" aria-label={t('entity.typeLabel')} />
        </Form.Item>
        <Form.Item
          name="value"
          rules={[
            { required: true, whitespace: true, message: t('entity.valueRequired') },
            { max: 256, message: t('entity.valueTooLong') },
          ]}
        >
          <Input style={{ width: 320 }} allowClear placeholder={t('entity.valuePlaceholder')} data-testid="entity-value" aria-label={t('entity.valueLabel')} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />} loading={busy} data-testid="entity-submit">
            {t('entity.search')}
          </Button>
        </Form.Item>
      </Form>
      <ErrorAlert error={error} style={{ marginTop: 12, marginBottom: 0 }} />
    </Card>
  );
}
