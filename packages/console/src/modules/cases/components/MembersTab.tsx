import { Button, Checkbox, Form, Input, Popconfirm, Space, Table, Tag } from 'antd';
import { casesApi } from '../../../api/cases-api.ts';
import type { CaseMember } from '../../../api/types.ts';
import { useFormat } from '../../../components/use-format.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { ErrorDetails } from '../../strategies/components/ErrorDetails.tsx';
import { useCasePage } from '../hooks/case-page-context.ts';
import { useCaseWrite } from '../hooks/use-case-write.ts';
import { actorName } from '../model/case-workflow.ts';

/** The case's investigators: who leads, who joined when; add, make lead, remove. */
export function MembersTab() {
  const { t } = useI18n();
  const f = useFormat();
  const { c, mayWork } = useCasePage();
  const [form] = Form.useForm<{ username: string; lead: boolean }>();
  const add = useCaseWrite((id, v: { username: string; lead: boolean }) => casesApi.addMember(id, v.username.trim(), v.lead), () => form.resetFields());
  const remove = useCaseWrite((id, username: string) => casesApi.removeMember(id, username));
  return (
    <div data-testid="case-members">
      <ErrorDetails error={add.error ?? remove.error} />
      <Table<CaseMember>
        size="small"
        rowKey={(m) => m.username}
        pagination={false}
        dataSource={c.members}
        locale={{ emptyText: t('cases.members.empty') }}
        onRow={(m) => ({ 'data-testid': `member-${m.username}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('cases.members.username'), dataIndex: 'username', render: (v: string, m) => <Space>{v}{m.lead && <Tag color="gold">{t('cases.members.lead')}</Tag>}</Space> },
          { title: t('cases.members.addedBy'), dataIndex: 'addedBy', render: (v: string) => actorName(v) },
          { title: t('cases.members.addedAt'), dataIndex: 'addedAt', render: (v: string) => f.dateTime(v) },
          ...(mayWork
            ? [
                {
                  title: t('cases.actions'),
                  key: 'actions',
                  render: (_: unknown, m: CaseMember) => (
                    <Space size={0}>
                      {!m.lead && (
                        <Button type="link" size="small" onClick={() => add.mutate({ username: m.username, lead: true })} data-testid={`member-lead-${m.username}`}>
                          {t('cases.members.makeLead')}
                        </Button>
                      )}
                      <Popconfirm title={t('cases.members.removeConfirm', { name: m.username })} okText={t('cases.confirm')} cancelText={t('cases.cancel')} onConfirm={() => remove.mutate(m.username)}>
                        <Button type="link" size="small" danger data-testid={`member-remove-${m.username}`}>
                          {t('cases.remove')}
                        </Button>
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {mayWork && (
        <Form form={form} layout="inline" style={{ marginTop: 12 }} onFinish={(v) => add.mutate(v)} initialValues={{ lead: false }}>
          <Form.Item name="username" rules={[{ required: true, message: t('cases.required') }, { pattern: /^[a-z][a-z0-9._-]{2,63}$/, message: t('cases.filter.usernameInvalid') }]}>
            <Input placeholder={t('cases.members.usernamePlaceholder')} style={{ width: 220 }} data-testid="member-username" />
          </Form.Item>
          <Form.Item name="lead" valuePropName="checked">
            <Checkbox>{t('cases.members.asLead')}</Checkbox>
          </Form.Item>
          <Button htmlType="submit" loading={add.isPending} data-testid="member-add">
            {t('cases.members.add')}
          </Button>
        </Form>
      )}
    </div>
  );
}
