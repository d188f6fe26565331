import { useState } from 'react';
import { Button, Card, Space, Tooltip, Typography } from 'antd';
import { CheckOutlined, CloseOutlined, SendOutlined } from '@ant-design/icons';
import { casesApi } from '../../../api/cases-api.ts';
import type { CaseReviewResult, CaseTransition } from '../../../api/types.ts';
import { useText } from '../../../components/use-text.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { NoteModal } from '../../strategies/components/NoteModal.tsx';
import { useCasePage } from '../hooks/case-page-context.ts';
import { useCaseWrite } from '../hooks/use-case-write.ts';
import { transitionActions } from '../model/case-workflow.ts';
import { ConclusionModal } from './ConclusionModal.tsx';
import { ReviewModal } from './ReviewModal.tsx';

/**
 * The caller's ways forward, exactly those the answer's `availableTransitions` lists: a plain
 * transition asks for a note; one into review asks for the conclusion; a reviewer approves or
 * rejects. Each names the version read (a 409 asks for a reload).
 */
export function TransitionBar({ onReviewed }: { onReviewed(labels: CaseReviewResult['labels']): void }) {
  const { t } = useI18n();
  const text = useText();
  const { c } = useCasePage();
  const actions = transitionActions(c.availableTransitions);
  const [plain, setPlain] = useState<CaseTransition | undefined>();
  const [conclusion, setConclusion] = useState<CaseTransition | undefined>();
  const [review, setReview] = useState<'approve' | 'reject' | undefined>();
  const take = useCaseWrite(
    (id, v: { key: string; note: string }) => casesApi.transition(id, v.key, c.version, v.note),
    () => setPlain(undefined),
    () => setPlain(undefined),
  );
  const none = !actions.plain.length && !actions.conclusion.length && !actions.approve && !actions.reject;
  return (
    <Card size="small" style={{ marginBottom: 16 }} data-testid="case-transitions">
      <Space wrap>
        <Typography.Text type="secondary">{t('cases.transitions.title')}</Typography.Text>
        {none && (
          <Typography.Text type="secondary" data-testid="transitions-none">
            {t('cases.transitions.none')}
          </Typography.Text>
        )}
        {actions.plain.map((x) => (
          <Tooltip key={x.key} title={t('cases.transitions.to', { state: text(x.toName) })}>
            <Button
              onClick={() => {
                take.reset();
                setPlain(x);
              }}
              danger={x.toPhase === 'closed'}
              data-testid={`transition-${x.key}`}
            >
              {text(x.name)}
            </Button>
          </Tooltip>
        ))}
        {actions.conclusion.map((x) => (
          <Tooltip key={x.key} title={t('cases.transitions.to', { state: text(x.toName) })}>
            <Button type="primary" icon={<SendOutlined />} onClick={() => setConclusion(x)} data-testid={`transition-${x.key}`}>
              {text(x.name)}
            </Button>
          </Tooltip>
        ))}
        {actions.approve && (
          <Button type="primary" icon={<CheckOutlined />} onClick={() => setReview('approve')} data-testid="review-approve">
            {text(actions.approve.name)}
          </Button>
        )}
        {actions.reject && (
          <Button danger icon={<CloseOutlined />} onClick={() => setReview('reject')} data-testid="review-reject">
            {text(actions.reject.name)}
          </Button>
        )}
      </Space>
      <NoteModal
        open={!!plain}
        title={plain ? t('cases.transitions.confirm', { name: text(plain.name) }) : ''}
        explanation={plain ? t('cases.transitions.explain', { state: text(plain.toName) }) : undefined}
        noteLabel={t('cases.transitions.note')}
        required={false}
        okText={plain ? text(plain.name) : ''}
        danger={plain?.toPhase === 'closed'}
        pending={take.isPending}
        error={take.error}
        onSubmit={(note) => plain && take.mutate({ key: plain.key, note })}
        onClose={() => setPlain(undefined)}
        testId="dialog-transition"
      />
      <ConclusionModal transition={conclusion} onClose={() => setConclusion(undefined)} />
      <ReviewModal decision={review} onClose={() => setReview(undefined)} onReviewed={onReviewed} />
    </Card>
  );
}
