import { Button, List, Space, Tag, Tooltip, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { isSubjectKind } from '../utils/alert-model.ts';
import { moveItem } from '../utils/config-forms.ts';

/**
 * The entity kinds a category merges by, in order: an alert is about the first kind its event
 * carries. A form control: `value` and `onChange` come from Form.Item.
 */
export function MergeByInput({ value = [], onChange, kinds, disabled }: { value?: string[]; onChange?: (v: string[]) => void; kinds: readonly string[]; disabled?: boolean }) {
  const { t } = useI18n();
  const label = (k: string) => (isSubjectKind(k) ? t(`alerts.subject.${k}`) : k);
  const set = (v: string[]) => onChange?.(v);
  const rest = kinds.filter((k) => !value.includes(k));
  return (
    <div data-testid="merge-by">
      <List
        size="small"
        bordered
        dataSource={value}
        locale={{ emptyText: t('alerts.categories.mergeByEmpty') }}
        renderItem={(k, i) => (
          <List.Item
            data-testid={`merge-by-${k}`}
            actions={
              disabled
                ? []
                : [
                    <Tooltip key="up" title={t('alerts.categories.moveUp')}>
                      <Button size="small" type="text" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => set(moveItem(value, i, -1))} aria-label={t('alerts.categories.moveUp')} />
                    </Tooltip>,
                    <Tooltip key="down" title={t('alerts.categories.moveDown')}>
                      <Button size="small" type="text" icon={<ArrowDownOutlined />} disabled={i === value.length - 1} onClick={() => set(moveItem(value, i, 1))} aria-label={t('alerts.categories.moveDown')} />
                    </Tooltip>,
                    <Tooltip key="remove" title={t('alerts.categories.removeKind')}>
                      <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={() => set(value.filter((x) => x !== k))} aria-label={t('alerts.categories.removeKind')} />
                    </Tooltip>,
                  ]
            }
          >
            <Space>
              <Tag>{i + 1}</Tag>
              {label(k)}
            </Space>
          </List.Item>
        )}
      />
      {!disabled && rest.length > 0 && (
        <Space size={[4, 4]} wrap style={{ marginTop: 8 }} data-testid="merge-by-add">
          <Typography.Text type="secondary">{t('alerts.categories.addKind')}</Typography.Text>
          {rest.map((k) => (
            <Button key={k} size="small" icon={<PlusOutlined />} onClick={() => set([...value, k])} data-testid={`merge-by-add-${k}`}>
              {label(k)}
            </Button>
          ))}
        </Space>
      )}
    </div>
  );
}
