import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Form, Input, Modal, Segmented, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { strategiesApi } from '../strategies-client.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { documentKind } from '../utils/lifecycle.ts';
import { ErrorDetails } from './ErrorDetails.tsx';

const MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;

/** Imports a package document (YAML or JSON, uploaded or pasted) as a new draft version, then opens it. */
export function ImportPackageModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [how, setHow] = useState<'upload' | 'paste'>('upload');
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [tooBig, setTooBig] = useState(false);
  const importing = useMutation({
    mutationFn: () => {
      const kind = documentKind(text);
      return kind === 'json' ? strategiesApi.importJson(JSON.parse(text), note) : strategiesApi.importYaml(text, note);
    },
    onSuccess: async (r) => {
      await qc.invalidateQueries({ queryKey: ['strategies'] });
      close();
      navigate(`/strategies/${encodeURIComponent(r.id)}/versions/${r.version}`);
    },
  });
  const close = () => {
    setText('');
    setFileName(null);
    setNote('');
    importing.reset();
    onClose();
  };
  return (
    <Modal
      open={open}
      title={t('strategies.import.title')}
      okText={t('strategies.import.submit')}
      cancelText={t('strategies.common.cancel')}
      onOk={() => importing.mutate()}
      okButtonProps={{ disabled: !text.trim() || tooBig, loading: importing.isPending, 'data-testid': 'import-submit' }}
      onCancel={close}
      width={720}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('strategies.import.help')}</Typography.Paragraph>
      <ErrorDetails error={importing.error} />
      <Segmented
        style={{ marginBottom: 12 }}
        value={how}
        onChange={(v) => setHow(v as 'upload' | 'paste')}
        options={[
          { value: 'upload', label: t('strategies.import.upload') },
          { value: 'paste', label: t('strategies.import.paste') },
        ]}
      />
      <Form layout="vertical">
        {how === 'upload' ? (
          <Form.Item validateStatus={tooBig ? 'error' : undefined} help={tooBig ? t('strategies.import.tooBig') : undefined}>
            <Upload.Dragger
              accept=".yaml,.yml,.json"
              maxCount={1}
              showUploadList={false}
              beforeUpload={(file) => {
                setTooBig(file.size > MAX_DOCUMENT_BYTES);
                setFileName(file.name);
                void file.text().then(setText);
                return false;
              }}
              data-testid="import-file"
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p>{fileName ?? t('strategies.import.drop')}</p>
            </Upload.Dragger>
          </Form.Item>
        ) : (
          <Form.Item label={t('strategies.import.document')}>
            <Input.TextArea rows={12} value={text} onChange={(e) => setText(e.target.value)} style={{ fontFamily: 'monospace' }} data-testid="import-text" />
          </Form.Item>
        )}
        <Form.Item label={t('strategies.version.changeNote')}>
          <Input value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} data-testid="import-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
