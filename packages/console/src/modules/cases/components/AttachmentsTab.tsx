import { useState } from 'react';
import { Alert, Button, Table, Tag, Typography, Upload } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { casesApi } from '../../../api/cases-api.ts';
import type { CaseAttachment } from '../../../api/types.ts';
import { useFormat } from '../../../components/use-format.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { ErrorDetails } from '../../strategies/components/ErrorDetails.tsx';
import { useCasePage } from '../hooks/case-page-context.ts';
import { useCaseWrite } from '../hooks/use-case-write.ts';
import { ATTACHMENT_ACCEPT, ATTACHMENT_EXTENSIONS, ATTACHMENT_MAX_BYTES, ATTACHMENTS_PER_CASE, attachmentProblem, fileSize, type AttachmentProblem } from '../model/attachment-check.ts';
import { actorName } from '../model/case-workflow.ts';

/** The case's files: uploaded within the server's limits (shown), downloaded as attachments, kept as evidence. */
export function AttachmentsTab() {
  const { t } = useI18n();
  const f = useFormat();
  const { c, mayWork } = useCasePage();
  const [problem, setProblem] = useState<{ name: string; problem: AttachmentProblem } | undefined>();
  const upload = useCaseWrite((id, file: File) => casesApi.upload(id, file, file.name));
  return (
    <div data-testid="case-attachments">
      {mayWork && (
        <div style={{ marginBottom: 16 }}>
          <Typography.Paragraph type="secondary" data-testid="attachment-limits">
            {t('cases.attachments.limits', { size: fileSize(ATTACHMENT_MAX_BYTES), count: ATTACHMENTS_PER_CASE, types: ATTACHMENT_EXTENSIONS.join(', ') })}
          </Typography.Paragraph>
          <Upload
            accept={ATTACHMENT_ACCEPT}
            showUploadList={false}
            multiple={false}
            beforeUpload={(file) => {
              upload.reset();
              const p = attachmentProblem(file, c.attachments.length);
              setProblem(p ? { name: file.name, problem: p } : undefined);
              if (!p) upload.mutate(file);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} loading={upload.isPending} data-testid="attachment-upload">
              {t('cases.attachments.upload')}
            </Button>
          </Upload>
          {problem && <Alert type="error" showIcon style={{ marginTop: 12 }} data-testid="attachment-problem" title={t(`cases.attachments.problem.${problem.problem}`, { name: problem.name, size: fileSize(ATTACHMENT_MAX_BYTES), count: ATTACHMENTS_PER_CASE })} />}
          <div style={{ marginTop: 12 }}>
            <ErrorDetails error={upload.error} />
          </div>
        </div>
      )}
      <Table<CaseAttachment>
        size="small"
        rowKey={(a) => a.id}
        pagination={false}
        dataSource={c.attachments}
        locale={{ emptyText: t('cases.attachments.empty') }}
        onRow={(a) => ({ 'data-testid': `attachment-${a.fileName}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: t('cases.attachments.name'),
            dataIndex: 'fileName',
            render: (v: string, a) => (
              <a href={casesApi.attachmentUrl(c.id, a.id)} download={v} data-testid="attachment-download">
                <DownloadOutlined /> {v}
              </a>
            ),
          },
          { title: t('cases.attachments.type'), dataIndex: 'mediaType', width: 150, render: (v: string) => <Tag>{v}</Tag> },
          { title: t('cases.attachments.size'), dataIndex: 'size', width: 100, align: 'right', render: (v: number) => fileSize(v) },
          { title: t('cases.attachments.sha256'), dataIndex: 'sha256', width: 200, render: (v: string) => <Typography.Text code copyable={{ text: v }}>{`${v.slice(0, 12)}…`}</Typography.Text> },
          { title: t('cases.attachments.uploadedBy'), dataIndex: 'uploadedBy', width: 140, render: (v: string) => actorName(v) },
          { title: t('cases.attachments.uploadedAt'), dataIndex: 'uploadedAt', width: 170, render: (v: string) => f.dateTime(v) },
          { title: '', key: 'origin', width: 120, render: (_: unknown, a) => (a.originCaseId ? <Tag color="cyan">{t('cases.fromMerged')}</Tag> : null) },
        ]}
      />
    </div>
  );
}
