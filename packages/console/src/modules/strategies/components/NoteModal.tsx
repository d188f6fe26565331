import { useEffect, useState, type ReactNode } from 'react';
import { Form, Input, Modal, Typography } from 'antd';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { ErrorDetails } from './ErrorDetails.tsx';

export interface NoteModalProps {
  open: boolean;
  title: string;
  /** What the step does, told before the user confirms it. */
  explanation?: string;
  noteLabel: string;
  /** A review note or a deployment's reason is required; a change note is not. */
  required: boolean;
  initialNote?: string;
  okText: string;
  danger?: boolean;
  /** More fields (a canary's slice, a schedule); `valid` false keeps OK disabled. */
  children?: ReactNode;
  valid?: boolean;
  pending: boolean;
  error: unknown;
  onSubmit: (note: string) => void;
  onClose: () => void;
  testId: string;
}

/** The confirmation of a lifecycle step with its note (change note, review note, reason). */
export function NoteModal(p: NoteModalProps) {
  const { t } = useI18n();
  const [note, setNote] = useState(p.initialNote ?? '');
  const [touched, setTouched] = useState(false);
  // Each opening starts from the given note (before the user can type: effects run on commit).
  useEffect(() => {
    if (!p.open) return;
    setNote(p.initialNote ?? '');
    setTouched(false);
  }, [p.open, p.initialNote]);
  const missing = p.required && !note.trim();
  return (
    <Modal
      open={p.open}
      title={p.title}
      okText={p.okText}
      cancelText={t('strategies.common.cancel')}
      okButtonProps={{ danger: p.danger, loading: p.pending, disabled: missing || p.valid === false, 'data-testid': `${p.testId}-ok` }}
      onOk={() => p.onSubmit(note.trim())}
      onCancel={p.onClose}
      destroyOnHidden
    >
      <div data-testid={`${p.testId}-body`}>
        {p.explanation && <Typography.Paragraph type="secondary">{p.explanation}</Typography.Paragraph>}
        <ErrorDetails error={p.error} />
        <Form layout="vertical">
          {p.children}
          <Form.Item label={p.noteLabel} required={p.required} validateStatus={touched && missing ? 'error' : undefined} help={touched && missing ? t('strategies.common.noteRequired') : undefined}>
            <Input.TextArea rows={3} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} onBlur={() => setTouched(true)} data-testid={`${p.testId}-note`} autoFocus />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}
