import { useState } from 'react';
import { Breadcrumb, Button, Card, Form, Input, Popconfirm, Space, Table, Typography, Upload } from 'antd';
import { DeleteOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { modelsApi } from '../../../api/models-api.ts';
import type { DatasetList } from '../../../api/types.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { OrgName } from '../../../components/OrgName.tsx';
import { useFormat } from '../../../components/use-format.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { OrgTreeSelect } from '../../admin/components/OrgTreeSelect.tsx';
import { useOrgScope } from '../../org-scope/hooks/use-org-scope.ts';
import { usePermissions } from '../../session/hooks/use-permissions.ts';
import { PageHeader } from '../../shell/components/PageHeader.tsx';
import type { NavPage } from '../../shell/nav-items.ts';
import { ErrorDetails } from '../../strategies/components/ErrorDetails.tsx';
import { modelKeys, useDatasets } from '../hooks/model-queries.ts';
import { datasetName } from '../model/dataset.ts';
import { actorText, sizeText } from '../model/model-format.ts';

type DatasetRow = DatasetList['items'][number];

/** The modelling workbench: upload a CSV data set, then open one to bin its variables and fit a scorecard. */
export function WorkbenchPage({ page }: { page: NavPage }) {
  const { t } = useI18n();
  const f = useFormat();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const permissions = usePermissions();
  const { canSwitch, selected } = useOrgScope();
  const mayEdit = permissions.has('model.edit');
  const datasets = useDatasets();
  const [file, setFile] = useState<{ name: string; text: string; size: number } | null>(null);
  const [name, setName] = useState('');
  const [orgId, setOrgId] = useState<string | undefined>(canSwitch ? selected : undefined);
  const upload = useMutation({
    mutationFn: () => modelsApi.uploadDataset({ name: name.trim() || datasetName(file!.name), csv: file!.text, ...(orgId ? { orgId } : {}) }),
    onSuccess: async (d) => {
      qc.setQueryData(modelKeys.dataset(d.id), d);
      await qc.invalidateQueries({ queryKey: modelKeys.datasets });
      await navigate(`/models/workbench/${encodeURIComponent(d.id)}`);
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => modelsApi.deleteDataset(id),
    onSuccess: () => qc.invalidateQueries({ queryKey: modelKeys.datasets }),
  });

  return (
    <>
      <Breadcrumb style={{ marginBottom: 8 }} items={[{ title: <Link to="/models">{t(page.labelKey)}</Link> }, { title: t('models.workbench.title') }]} />
      <PageHeader title={t('models.workbench.title')} description={t('models.workbench.description')} />
      {mayEdit && (
        <Card size="small" title={t('models.workbench.upload')} style={{ marginBottom: 16 }} data-testid="dataset-upload">
          <ErrorDetails error={upload.error} />
          <Upload.Dragger
            accept=".csv,text/csv"
            maxCount={1}
            beforeUpload={async (f) => {
              upload.reset();
              setFile({ name: f.name, text: await f.text(), size: f.size });
              setName(datasetName(f.name));
              return false;
            }}
            onRemove={() => setFile(null)}
            fileList={file ? [{ uid: 'dataset', name: file.name, status: 'done' }] : []}
            data-testid="dataset-file"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <Typography.Paragraph style={{ margin: 0 }}>{t('models.workbench.drop')}</Typography.Paragraph>
            <Typography.Text type="secondary">{t('models.workbench.dropHint')}</Typography.Text>
          </Upload.Dragger>
          <Form layout="inline" style={{ marginTop: 12, rowGap: 8 }}>
            <Form.Item label={t('models.workbench.name')}>
              <Input style={{ width: 280 }} maxLength={200} value={name} onChange={(e) => setName(e.target.value)} data-testid="dataset-name" />
            </Form.Item>
            {canSwitch && (
              <Form.Item label={t('models.field.org')}>
                <OrgTreeSelect value={orgId} onChange={setOrgId} allowClear placeholder={t('models.new.ownOrg')} testId="dataset-org" />
              </Form.Item>
            )}
            <Form.Item>
              <Space>
                {file && <Typography.Text type="secondary">{sizeText(file.size)}</Typography.Text>}
                <Button type="primary" icon={<UploadOutlined />} disabled={!file} loading={upload.isPending} onClick={() => upload.mutate()} data-testid="dataset-upload-submit">
                  {t('models.workbench.uploadSubmit')}
                </Button>
              </Space>
            </Form.Item>
          </Form>
        </Card>
      )}
      <ErrorAlert error={datasets.error ?? remove.error} />
      <Card size="small" title={t('models.workbench.datasets')}>
        <Table<DatasetRow>
          data-testid="dataset-table"
          size="small"
          rowKey={(d) => d.id}
          loading={datasets.isFetching}
          dataSource={datasets.data?.items}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          locale={{ emptyText: t('models.workbench.noDatasets') }}
          onRow={(d) => ({ 'data-testid': `dataset-row-${d.name}` }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            {
              title: t('models.workbench.name'),
              dataIndex: 'name',
              render: (v: string, d) => (
                <Link to={`/models/workbench/${encodeURIComponent(d.id)}`} data-testid="dataset-link">
                  {v}
                </Link>
              ),
            },
            { title: t('models.workbench.rows'), dataIndex: 'rows', width: 100, align: 'right', render: (v: number) => f.number(v, 0) },
            { title: t('models.workbench.size'), dataIndex: 'bytes', width: 110, align: 'right', render: (v: number) => sizeText(v) },
            { title: t('models.field.org'), dataIndex: 'orgId', width: 150, render: (v: string) => <OrgName id={v} /> },
            { title: t('models.workbench.sha'), dataIndex: 'sha256', width: 140, render: (v: string) => <Typography.Text code>{v.slice(0, 12)}</Typography.Text> },
            { title: t('models.field.createdBy'), dataIndex: 'createdBy', width: 130, render: (v: string) => actorText(v) },
            { title: t('models.field.createdAt'), dataIndex: 'createdAt', width: 170, render: (v: string) => f.dateTime(v) },
            {
              title: '',
              key: 'delete',
              width: 60,
              render: (_: unknown, d) =>
                mayEdit && (
                  <Popconfirm title={t('models.workbench.deleteConfirm', { name: d.name })} okText={t('models.delete')} cancelText={t('models.cancel')} onConfirm={() => remove.mutate(d.id)}>
                    <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={t('models.delete')} data-testid={`dataset-delete-${d.name}`} />
                  </Popconfirm>
                ),
            },
          ]}
        />
      </Card>
    </>
  );
}
