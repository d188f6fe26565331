import { casesApi } from '../../../api/cases-api.ts';
import type { CaseReviewResult } from '../../../api/types.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { NoteModal } from '../../strategies/components/NoteModal.tsx';
import { useCasePage } from '../hooks/case-page-context.ts';
import { useCaseWrite } from '../hooks/use-case-write.ts';

/**
 * A reviewer's decision on the proposed conclusion, with a note (required to reject). The server
 * refuses the proposer and the case's investigators; its words are shown here.
 */
export function ReviewModal({ decision, onClose, onReviewed }: { decision: 'approve' | 'reject' | undefined; onClose(): void; onReviewed(labels: CaseReviewResult['labels']): void }) {
  const { t } = useI18n();
  const { c } = useCasePage();
  const review = useCaseWrite(
    (id, v: { decision: 'approve' | 'reject'; note: string }) => casesApi.review(id, v.decision, c.version, v.note),
    (r) => {
      onReviewed(r.labels);
      onClose();
    },
    onClose,
  );
  return (
    <NoteModal
      open={!!decision}
      title={decision === 'reject' ? t('cases.review.rejectTitle') : t('cases.review.approveTitle')}
      explanation={decision === 'reject' ? t('cases.review.rejectExplain') : t('cases.review.approveExplain')}
      noteLabel={t('cases.review.note')}
      required={decision === 'reject'}
      okText={decision === 'reject' ? t('cases.review.reject') : t('cases.review.approve')}
      danger={decision === 'reject'}
      pending={review.isPending}
      error={review.error}
      onSubmit={(note) => decision && review.mutate({ decision, note })}
      onClose={() => {
        review.reset();
        onClose();
      }}
      testId="dialog-review"
    />
  );
}
