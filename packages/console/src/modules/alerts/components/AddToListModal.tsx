import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Form, Modal, Select, Typography } from 'antd';
import { catalogApi } from '../../../api/catalog-api.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { useText } from '../../../components/use-text.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';

/** Adds the alert's subject to a list; lists of the subject's kind come first. */
export function AddToListModal({ open, subjectType, pending, error, onClose, onAdd }: { open: boolean; subjectType: string; pending: boolean; error: unknown; onClose(): void; onAdd(listId: string): void }) {
  const { t } = useI18n();
  const text = useText();
  const lists = useQuery({ queryKey: ['lists', 'for-alert'], queryFn: () => catalogApi.lists.list({}), enabled: open, staleTime: 60_000 });
  const [chosen, setChosen] = useState<string>();
  useEffect(() => {
    if (open) setChosen(undefined);
  }, [open]);
  const items = [...(lists.data?.items ?? [])].sort((a, b) => Number(b.dimension === subjectType) - Number(a.dimension === subjectType) || a.key.localeCompare(b.key));
  return (
    <Modal
      open={open}
      title={t('alerts.actions.addToList')}
      okText={t('alerts.actions.add')}
      cancelText={t('alerts.common.cancel')}
      onCancel={onClose}
      onOk={() => chosen && onAdd(chosen)}
      okButtonProps={{ disabled: !chosen, 'data-testid': 'list-add' }}
      confirmLoading={pending}
      destroyOnHidden
    >
      <ErrorAlert error={error ?? lists.error} />
      <Typography.Paragraph type="secondary">{t('alerts.actions.addToListHint')}</Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label={t('alerts.actions.list')}>
          <Select
            value={chosen}
            onChange={setChosen}
            showSearch
            optionFilterProp="label"
            loading={lists.isLoading}
            placeholder={t('alerts.actions.chooseList')}
            options={items.map((l) => ({ value: l.id, label: t('alerts.actions.listOption', { name: text(l.name), key: l.key, kind: t(`lists.kind.${l.kind}`), dimension: l.dimension }) }))}
            data-testid="list-choice"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
