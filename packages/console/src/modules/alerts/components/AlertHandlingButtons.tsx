import { useState } from 'react';
import { Button, Popconfirm, Space } from 'antd';
import { CheckCircleOutlined, EditOutlined, LoginOutlined, LogoutOutlined, RedoOutlined, UserSwitchOutlined } from '@ant-design/icons';
import type { AlertDetail } from '../../../api/types.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { useAlertSteps } from '../hooks/use-alert-steps.ts';
import { AssignModal } from './AssignModal.tsx';
import { DisposeModal } from './DisposeModal.tsx';
import { NoteModal } from './NoteModal.tsx';

/** The one-click handling steps the answer's `can` allows: claim, release, assign, note, dispose, reopen. */
export function AlertHandlingButtons({ detail, mayNote }: { detail: AlertDetail; mayNote: boolean }) {
  const { t } = useI18n();
  const steps = useAlertSteps();
  const a = detail.alert;
  const can = detail.can;
  const [assigning, setAssigning] = useState(false);
  const [noting, setNoting] = useState<'note' | 'reopen'>();
  const [disposing, setDisposing] = useState(false);
  return (
    <>
      <Space wrap data-testid="alert-handling">
        {can.claim && (
          <Button type="primary" icon={<LoginOutlined />} loading={steps.claim.isPending} onClick={() => steps.claim.mutate(a.id)} data-testid="action-claim">
            {t('alerts.action.claim')}
          </Button>
        )}
        {can.dispose && (
          <Button type="primary" icon={<CheckCircleOutlined />} onClick={() => setDisposing(true)} data-testid="action-dispose">
            {t('alerts.action.dispose')}
          </Button>
        )}
        {mayNote && (
          <Button icon={<EditOutlined />} onClick={() => setNoting('note')} data-testid="action-note">
            {t('alerts.action.note')}
          </Button>
        )}
        {can.assign && (
          <Button icon={<UserSwitchOutlined />} onClick={() => setAssigning(true)} data-testid="action-assign">
            {a.assignee ? t('alerts.action.reassign') : t('alerts.action.assign')}
          </Button>
        )}
        {can.release && (
          <Popconfirm title={t('alerts.release.confirm')} okText={t('alerts.action.release')} cancelText={t('alerts.common.cancel')} onConfirm={() => steps.release.mutate(a.id)}>
            <Button icon={<LogoutOutlined />} loading={steps.release.isPending} data-testid="action-release">
              {t('alerts.action.release')}
            </Button>
          </Popconfirm>
        )}
        {can.reopen && (
          <Button icon={<RedoOutlined />} onClick={() => setNoting('reopen')} data-testid="action-reopen">
            {t('alerts.action.reopen')}
          </Button>
        )}
      </Space>
      <AssignModal alert={assigning ? a : undefined} onClose={() => setAssigning(false)} />
      <NoteModal alert={a} mode={noting} onClose={() => setNoting(undefined)} />
      <DisposeModal alert={a} open={disposing} onClose={() => setDisposing(false)} />
    </>
  );
}
