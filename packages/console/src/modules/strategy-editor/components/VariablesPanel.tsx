import { Button, Input, Popconfirm, Space, Table, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { CelEditor } from './CelEditor.tsx';
import { removeAt, replaceAt, useEditorContext } from './editor-context.ts';

const ID = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/** Derived variables (`vars.<name>`): each sees the ones before it; its type is the checked type of its expression. */
export function VariablesPanel() {
  const { t } = useI18n();
  const { pkg, update, readOnly, catalogue } = useEditorContext();
  type Variable = (typeof pkg.variables)[number];
  const set = (i: number, v: Variable) => update?.((p) => ({ ...p, variables: replaceAt(p.variables, i, v) }));
  const typeOf = (name: string) => catalogue?.variables.find((v) => v.name === `vars.${name}`)?.type;
  const add = () => {
    const used = new Set(pkg.variables.map((v) => v.name));
    let n = pkg.variables.length + 1;
    while (used.has(`var_${n}`)) n++;
    update?.((p) => ({ ...p, variables: [...p.variables, { name: `var_${n}`, expr: 'true' }] }));
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary">{t('strategyEditor.variables.help')}</Typography.Paragraph>
      <Table
        size="small"
        rowKey={(_, i) => String(i)}
        dataSource={pkg.variables}
        // Each row holds a live-checked editor: at most 50 at a time.
        pagination={pkg.variables.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        onRow={(v) => ({ 'data-testid': `variable-row-${v.name}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: t('strategyEditor.variables.name'),
            key: 'name',
            width: 220,
            render: (_, v, i) => {
              const dup = pkg.variables.filter((x) => x.name === v.name).length > 1;
              return (
                <Space direction="vertical" size={0}>
                  <Input size="small" value={v.name} disabled={readOnly} status={!ID.test(v.name) || dup ? 'error' : undefined} onChange={(e) => set(i, { ...v, name: e.target.value })} aria-label={t('strategyEditor.variables.name')} />
                  {(!ID.test(v.name) || dup) && <Typography.Text type="danger">{dup ? t('strategyEditor.duplicateId') : t('strategyEditor.invalidId')}</Typography.Text>}
                </Space>
              );
            },
          },
          {
            title: t('strategyEditor.variables.expr'),
            key: 'expr',
            render: (_, v, i) => <CelEditor testId={`variable-expr-${v.name}`} value={v.expr} context="variable" variable={v.name} minHeight={24} onChange={readOnly ? undefined : (expr) => set(i, { ...v, expr })} />,
          },
          { title: t('strategyEditor.variables.type'), key: 'type', width: 100, render: (_, v) => <Typography.Text code>{typeOf(v.name) ?? '…'}</Typography.Text> },
          {
            title: t('strategyEditor.variables.description'),
            key: 'description',
            width: 240,
            render: (_, v, i) => <Input.TextArea size="small" autoSize={{ minRows: 1, maxRows: 3 }} disabled={readOnly} value={v.description} onChange={(e) => set(i, { ...v, description: e.target.value || undefined })} aria-label={t('strategyEditor.variables.description')} />,
          },
          {
            title: '',
            key: 'del',
            width: 48,
            render: (_, v, i) =>
              !readOnly && (
                <Popconfirm title={t('strategyEditor.variables.deleteConfirm', { name: v.name })} okText={t('strategyEditor.delete')} cancelText={t('strategyEditor.cancel')} onConfirm={() => update?.((p) => ({ ...p, variables: removeAt(p.variables, i) }))}>
                  <Button type="text" danger size="small" icon={<DeleteOutlined />} aria-label={t('strategyEditor.delete')} />
                </Popconfirm>
              ),
          },
        ]}
      />
      {!readOnly && (
        <Button icon={<PlusOutlined />} onClick={add} data-testid="variable-add">
          {t('strategyEditor.variables.add')}
        </Button>
      )}
    </Space>
  );
}
