import { Button, Card, Empty, Form, Input, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { casesApi } from '../../../api/cases-api.ts';
import { useFormat } from '../../../components/use-format.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { ErrorDetails } from '../../strategies/components/ErrorDetails.tsx';
import { useCasePage } from '../hooks/case-page-context.ts';
import { useCaseWrite } from '../hooks/use-case-write.ts';
import { actorName } from '../model/case-workflow.ts';

/** The case's notes, newest first; notes are never edited (the record stays as written). */
export function NotesTab() {
  const { t } = useI18n();
  const f = useFormat();
  const { c, mayWork } = useCasePage();
  const [form] = Form.useForm<{ body: string }>();
  const add = useCaseWrite((id, body: string) => casesApi.addNote(id, body), () => form.resetFields());
  const notes = [...c.notes].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <div data-testid="case-notes">
      {mayWork && (
        <Form form={form} onFinish={(v) => add.mutate(v.body.trim())} style={{ marginBottom: 16 }}>
          <ErrorDetails error={add.error} />
          <Form.Item name="body" rules={[{ required: true, whitespace: true, message: t('cases.required') }, { max: 10000 }]} extra={t('cases.notes.hint')}>
            <Input.TextArea rows={3} placeholder={t('cases.notes.placeholder')} data-testid="note-body" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={add.isPending} data-testid="note-add">
            {t('cases.notes.add')}
          </Button>
        </Form>
      )}
      {!notes.length && <Empty description={t('cases.notes.empty')} />}
      <Space direction="vertical" style={{ width: '100%' }}>
        {notes.map((n) => (
          <Card key={n.id} size="small" data-testid="note">
            <Space style={{ marginBottom: 4 }}>
              <Typography.Text strong>{actorName(n.author)}</Typography.Text>
              <Typography.Text type="secondary">{f.dateTime(n.at)}</Typography.Text>
              {n.originCaseId && (
                <Tag color="cyan">
                  <Link to={`/cases/${encodeURIComponent(n.originCaseId)}`}>{t('cases.fromMerged')}</Link>
                </Tag>
              )}
            </Space>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{n.body}</Typography.Paragraph>
          </Card>
        ))}
      </Space>
    </div>
  );
}
