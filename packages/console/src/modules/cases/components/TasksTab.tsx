import { useEffect, useState } from 'react';
import { Button, DatePicker, Form, Input, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { casesApi } from '../../../api/cases-api.ts';
import type { CaseTask } from '../../../api/types.ts';
import { useFormat } from '../../../components/use-format.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { ErrorDetails } from '../../strategies/components/ErrorDetails.tsx';
import { useCasePage } from '../hooks/case-page-context.ts';
import { useCaseWrite } from '../hooks/use-case-write.ts';
import { actorName } from '../model/case-workflow.ts';

interface TaskValues {
  title: string;
  assignee?: string;
  dueAt?: Dayjs | null;
}

/** The case's tasks: add, assign, set a due date, complete, delete. */
export function TasksTab() {
  const { t } = useI18n();
  const f = useFormat();
  const { c, mayWork } = useCasePage();
  const [form] = Form.useForm<TaskValues>();
  const [editing, setEditing] = useState<CaseTask | undefined>();
  const add = useCaseWrite(
    (id, v: TaskValues) => casesApi.addTask(id, { title: v.title.trim(), ...(v.assignee?.trim() ? { assignee: v.assignee.trim() } : {}), ...(v.dueAt ? { dueAt: v.dueAt.toISOString() } : {}) }),
    () => form.resetFields(),
  );
  const complete = useCaseWrite((id, taskId: string) => casesApi.completeTask(id, taskId));
  const remove = useCaseWrite((id, taskId: string) => casesApi.removeTask(id, taskId));
  const reopen = useCaseWrite((id, taskId: string) => casesApi.patchTask(id, taskId, { done: false }));
  return (
    <div data-testid="case-tasks">
      <ErrorDetails error={add.error ?? complete.error ?? remove.error ?? reopen.error} />
      <Table<CaseTask>
        size="small"
        rowKey={(x) => x.id}
        pagination={false}
        dataSource={c.tasks}
        locale={{ emptyText: t('cases.tasks.empty') }}
        onRow={(x) => ({ 'data-testid': `task-${x.title}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('cases.tasks.title'), dataIndex: 'title', render: (v: string, x) => (x.status === 'done' ? <Typography.Text delete>{v}</Typography.Text> : v) },
          { title: t('cases.tasks.assignee'), dataIndex: 'assignee', width: 150, render: (v: string | null) => v ?? '—' },
          { title: t('cases.tasks.due'), dataIndex: 'dueAt', width: 170, render: (v: string | null, x) => (v ? <Typography.Text type={x.status === 'open' && Date.parse(v) < Date.now() ? 'danger' : undefined}>{f.dateTime(v)}</Typography.Text> : '—') },
          {
            title: t('cases.tasks.status'),
            dataIndex: 'status',
            width: 200,
            render: (v: CaseTask['status'], x) =>
              v === 'done' ? (
                <Space size={4} direction="vertical">
                  <Tag color="green" data-testid="task-done">
                    {t('cases.tasks.done')}
                  </Tag>
                  <Typography.Text type="secondary">{t('cases.tasks.doneBy', { by: actorName(x.doneBy ?? ''), at: f.dateTime(x.doneAt) })}</Typography.Text>
                </Space>
              ) : (
                <Tag color="blue">{t('cases.tasks.open')}</Tag>
              ),
          },
          { title: t('cases.tasks.createdBy'), dataIndex: 'createdBy', width: 140, render: (v: string) => actorName(v) },
          ...(mayWork
            ? [
                {
                  title: t('cases.actions'),
                  key: 'actions',
                  width: 220,
                  render: (_: unknown, x: CaseTask) => (
                    <Space size={0} wrap>
                      {x.status === 'open' ? (
                        <Button type="link" size="small" onClick={() => complete.mutate(x.id)} data-testid={`task-complete-${x.title}`}>
                          {t('cases.tasks.complete')}
                        </Button>
                      ) : (
                        <Button type="link" size="small" onClick={() => reopen.mutate(x.id)}>
                          {t('cases.tasks.reopen')}
                        </Button>
                      )}
                      <Button type="link" size="small" onClick={() => setEditing(x)} data-testid={`task-edit-${x.title}`}>
                        {t('cases.edit.button')}
                      </Button>
                      <Popconfirm title={t('cases.tasks.removeConfirm')} okText={t('cases.confirm')} cancelText={t('cases.cancel')} onConfirm={() => remove.mutate(x.id)}>
                        <Button type="link" size="small" danger data-testid={`task-remove-${x.title}`}>
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
        <Form<TaskValues> form={form} name="tasks" layout="inline" style={{ marginTop: 12, rowGap: 8 }} onFinish={(v) => add.mutate(v)}>
          <Form.Item name="title" rules={[{ required: true, whitespace: true, message: t('cases.required') }, { max: 200 }]}>
            <Input placeholder={t('cases.tasks.titlePlaceholder')} style={{ width: 320 }} data-testid="task-title" />
          </Form.Item>
          <Form.Item name="assignee" rules={[{ pattern: /^[a-z][a-z0-9._-]{2,63}$/, message: t('cases.filter.usernameInvalid') }]}>
            <Input placeholder={t('cases.tasks.assigneePlaceholder')} style={{ width: 180 }} data-testid="task-assignee" />
          </Form.Item>
          <Form.Item name="dueAt">
            <DatePicker showTime placeholder={t('cases.tasks.due')} data-testid="task-due" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={add.isPending} data-testid="task-add">
            {t('cases.tasks.add')}
          </Button>
        </Form>
      )}
      <EditTaskModal task={editing} onClose={() => setEditing(undefined)} />
    </div>
  );
}

/** Changes a task's title, assignee or due date (an empty field clears it). */
function EditTaskModal({ task, onClose }: { task: CaseTask | undefined; onClose(): void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<TaskValues>();
  const save = useCaseWrite(
    (id, v: TaskValues & { taskId: string }) => casesApi.patchTask(id, v.taskId, { title: v.title.trim(), assignee: v.assignee?.trim() || null, dueAt: v.dueAt ? v.dueAt.toISOString() : null }),
    onClose,
  );
  useEffect(() => {
    if (!task) return;
    save.reset();
    form.setFieldsValue({ title: task.title, assignee: task.assignee ?? undefined, dueAt: task.dueAt ? dayjs(task.dueAt) : null });
    // Only when the dialog opens for a task.
  }, [task]);
  return (
    <Modal
      open={!!task}
      title={t('cases.tasks.editTitle')}
      okText={t('cases.save')}
      cancelText={t('cases.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      forceRender
    >
      <ErrorDetails error={save.error} />
      <Form<TaskValues> form={form} name="editTask" layout="vertical" onFinish={(v) => task && save.mutate({ ...v, taskId: task.id })}>
        <Form.Item name="title" label={t('cases.tasks.title')} rules={[{ required: true, whitespace: true, message: t('cases.required') }, { max: 200 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="assignee" label={t('cases.tasks.assignee')} rules={[{ pattern: /^[a-z][a-z0-9._-]{2,63}$/, message: t('cases.filter.usernameInvalid') }]}>
          <Input allowClear />
        </Form.Item>
        <Form.Item name="dueAt" label={t('cases.tasks.due')}>
          <DatePicker showTime style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
