import { useEffect, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Modal, Space, Statistic, Table, Tag, Typography, Upload } from 'antd';
import { Link } from 'react-router';
import { casesApi } from '../../../api/cases-api.ts';
import type { CaseImportResult } from '../../../api/types.ts';
import { hasMessage, type MessageKey } from '../../../i18n/translate.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { ErrorDetails } from '../../strategies/components/ErrorDetails.tsx';

/** The server's limit on an import file (docs/api.md "Bulk import"). */
const MAX_BYTES = 2 * 1024 * 1024;
const EXAMPLE = 'type,subjectType,subjectKey,title,amount,currency,priority';

type RowError = CaseImportResult['errors'][number];

/** Opens cases from a CSV file: good rows are opened, every refused row listed with its line, column and reason. */
export function ImportCasesModal({ open, onClose }: { open: boolean; onClose(): void }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [tooBig, setTooBig] = useState(false);
  const run = useMutation({
    mutationFn: async (f: File) => casesApi.importCsv(await f.text()),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['cases', 'search'] }),
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
      width={860}
      title={t('cases.import.title')}
      onCancel={onClose}
      footer={
        <Space>
          <Button onClick={onClose} data-testid="import-close">
            {result ? t('cases.import.done') : t('cases.cancel')}
          </Button>
          {!result && (
            <Button type="primary" disabled={!file || tooBig} loading={run.isPending} onClick={() => file && run.mutate(file)} data-testid="import-submit">
              {t('cases.import.submit')}
            </Button>
          )}
        </Space>
      }
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('cases.import.format')}</Typography.Paragraph>
      <Typography.Paragraph>
        <Typography.Text code>{EXAMPLE}</Typography.Text>
      </Typography.Paragraph>
      {!result && (
        <Upload.Dragger
          accept=".csv,text/csv"
          maxCount={1}
          beforeUpload={(f) => {
            setFile(f);
            setTooBig(f.size > MAX_BYTES);
            run.reset();
            return false;
          }}
          onRemove={() => {
            setFile(null);
            setTooBig(false);
          }}
          fileList={file ? [{ uid: 'csv', name: file.name, status: tooBig ? 'error' : 'done' }] : []}
          data-testid="import-file"
        >
          <Typography.Paragraph style={{ margin: 0 }}>{t('cases.import.drop')}</Typography.Paragraph>
        </Upload.Dragger>
      )}
      {tooBig && <Alert type="error" showIcon title={t('cases.import.tooBig')} style={{ marginTop: 12 }} />}
      <div style={{ marginTop: 12 }}>
        <ErrorDetails error={run.error} />
      </div>
      {result && (
        <div data-testid="import-result">
          <Space size={48} style={{ marginBottom: 16 }}>
            <Statistic title={t('cases.import.imported')} value={result.imported} valueStyle={{ color: '#389e0d' }} data-testid="import-imported" />
            <Statistic title={t('cases.import.rejected')} value={result.rejected} valueStyle={{ color: result.rejected ? '#cf1322' : undefined }} data-testid="import-rejected" />
          </Space>
          {result.cases.length > 0 && (
            <Typography.Paragraph data-testid="import-cases">
              {result.cases.slice(0, 20).map((c) => (
                <Tag key={c.id}>
                  <Link to={`/cases/${encodeURIComponent(c.id)}`} onClick={onClose}>
                    {c.number}
                  </Link>
                </Tag>
              ))}
              {result.cases.length > 20 && <Tag>{t('cases.more', { n: result.cases.length - 20 })}</Tag>}
            </Typography.Paragraph>
          )}
          {result.rejected > result.errors.length && <Alert type="warning" showIcon title={t('cases.import.truncated', { n: result.errors.length })} style={{ marginBottom: 12 }} />}
          {result.errors.length > 0 && (
            <Table<RowError & { n: number }>
              data-testid="import-errors"
              size="small"
              rowKey={(r) => r.n}
              dataSource={result.errors.map((e, n) => ({ ...e, n }))}
              pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
              columns={[
                { title: t('cases.import.line'), dataIndex: 'line', width: 70, align: 'right' },
                { title: t('cases.import.column'), dataIndex: 'column', width: 130, render: (c?: string) => (c ? <Typography.Text code>{c}</Typography.Text> : '') },
                { title: t('cases.import.code'), dataIndex: 'code', width: 200, render: (c: string) => (hasMessage(`cases.importError.${c}`) ? t(`cases.importError.${c}` as MessageKey) : c) },
                { title: t('cases.import.message'), dataIndex: 'message' },
              ]}
            />
          )}
        </div>
      )}
    </Modal>
  );
}
