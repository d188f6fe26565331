import { useEffect, useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Modal, Space, Statistic, Table, Typography, Upload } from 'antd';
import { catalogApi } from '../../../api/catalog-api.ts';
import type { ListImportError, RiskList } from '../../../api/types.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { hasMessage, type MessageKey } from '../../../i18n/translate.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';

/** The server's limit on an import file. */
const MAX_BYTES = 16 * 1024 * 1024;

/** Uploads a CSV file; good rows are added, and every refused row is listed with its line, column and reason. */
export function ImportCsvModal({ open, list, onClose, onImported }: { open: boolean; list: RiskList; onClose(): void; onImported(): void }) {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [tooBig, setTooBig] = useState(false);
  const run = useMutation({
    mutationFn: async (f: File) => catalogApi.lists.importCsv(list.id, await f.text()),
    onSuccess: () => onImported(),
  });
  useEffect(() => {
    if (!open) return;
    setFile(null);
    setTooBig(false);
    run.reset();
    // Reset only when the dialog opens.
  }, [open]);
  const result = run.data;
  return (
    <Modal
      open={open}
      width={820}
      title={t('lists.import.title', { key: list.key })}
      onCancel={onClose}
      footer={
        <Space>
          <Button onClick={onClose} data-testid="import-close">
            {result ? t('lists.import.done') : t('lists.cancel')}
          </Button>
          {!result && (
            <Button type="primary" disabled={!file || tooBig} loading={run.isPending} onClick={() => file && run.mutate(file)} data-testid="import-submit">
              {t('lists.import.submit')}
            </Button>
          )}
        </Space>
      }
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('lists.import.format')}</Typography.Paragraph>
      <Typography.Paragraph>
        <Typography.Text code>{t('lists.import.example')}</Typography.Text>
      </Typography.Paragraph>
      {!result && (
        <Upload.Dragger
          accept=".csv,text/csv"
          maxCount={1}
          beforeUpload={(f) => {
            setFile(f);
            setTooBig(f.size > MAX_BYTES);
            return false;
          }}
          onRemove={() => {
            setFile(null);
            setTooBig(false);
          }}
          fileList={file ? [{ uid: 'csv', name: file.name, status: tooBig ? 'error' : 'done' }] : []}
          data-testid="import-file"
        >
          <Typography.Paragraph style={{ margin: 0 }}>{t('lists.import.drop')}</Typography.Paragraph>
        </Upload.Dragger>
      )}
      {tooBig && <Alert type="error" showIcon title={t('lists.import.tooBig')} style={{ marginTop: 12 }} />}
      <ErrorAlert error={run.error} style={{ marginTop: 12 }} />
      {result && (
        <div data-testid="import-result">
          <Space size={48} style={{ marginBottom: 16 }}>
            <Statistic title={t('lists.import.accepted')} value={result.imported} valueStyle={{ color: '#389e0d' }} data-testid="import-accepted" />
            <Statistic title={t('lists.import.refused')} value={result.rejected} valueStyle={{ color: result.rejected ? '#cf1322' : undefined }} data-testid="import-refused" />
          </Space>
          {result.rejected > result.errors.length && <Alert type="warning" showIcon title={t('lists.import.truncated', { n: result.errors.length })} style={{ marginBottom: 12 }} />}
          {result.errors.length > 0 && (
            <Table<ListImportError & { n: number }>
              data-testid="import-errors"
              size="small"
              rowKey={(r) => r.n}
              dataSource={result.errors.map((e, n) => ({ ...e, n }))}
              pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
              columns={[
                { title: t('lists.import.line'), dataIndex: 'line', width: 80, align: 'right' },
                { title: t('lists.import.field'), dataIndex: 'field', width: 120, render: (f?: string) => (f ? <Typography.Text code>{f}</Typography.Text> : '') },
                { title: t('lists.import.code'), dataIndex: 'code', width: 190, render: (c: string) => (hasMessage(`lists.importError.${c}`) ? t(`lists.importError.${c}` as MessageKey) : c) },
                { title: t('lists.import.message'), dataIndex: 'message' },
              ]}
            />
          )}
        </div>
      )}
    </Modal>
  );
}
