import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Empty, Space, Tag, Typography } from 'antd';
import type { CaseReviewResult, CaseTransition } from '../../../api/types.ts';
import { useFormat } from '../../../components/use-format.ts';
import { useText } from '../../../components/use-text.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { usePermissions } from '../../session/hooks/use-permissions.ts';
import { useCasePage } from '../hooks/case-page-context.ts';
import { actorName, reviewBlockOf, transitionActions } from '../model/case-workflow.ts';
import { OutcomeTag } from './CaseTags.tsx';
import { ConclusionModal } from './ConclusionModal.tsx';
import { ReviewModal } from './ReviewModal.tsx';

/** The conclusion as proposed and reviewed; proposing it (investigators) and reviewing it (reviewers only). */
export function ConclusionTab({ onReviewed }: { onReviewed(labels: CaseReviewResult['labels']): void }) {
  const { t } = useI18n();
  const text = useText();
  const f = useFormat();
  const permissions = usePermissions();
  const { c } = useCasePage();
  const actions = transitionActions(c.availableTransitions);
  const [proposing, setProposing] = useState<CaseTransition | undefined>();
  const [review, setReview] = useState<'approve' | 'reject' | undefined>();
  const k = c.conclusion;
  const block = reviewBlockOf(c);
  return (
    <div data-testid="case-conclusion">
      <Card size="small" title={t('cases.conclusion.title')} style={{ marginBottom: 16 }}>
        {k ? (
          <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
            <Descriptions.Item label={t('cases.conclusion.outcome')}>
              <OutcomeTag outcome={k.outcome} />
            </Descriptions.Item>
            <Descriptions.Item label={t('cases.conclusion.lossAmount')}>
              <span data-testid="conclusion-loss-amount">{k.lossAmount === null ? '—' : `${f.number(k.lossAmount)} ${c.currency ?? ''}`}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('cases.field.typology')}>{k.typology ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('cases.conclusion.proposed')}>{t('cases.conclusion.proposedBy', { by: actorName(k.proposedBy), at: f.dateTime(k.proposedAt) })}</Descriptions.Item>
            <Descriptions.Item label={t('cases.conclusion.summary')} span={2}>
              <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{k.summary}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('cases.review.title')} span={2}>
              {k.review ? (
                <Space direction="vertical" size={2} data-testid="conclusion-review">
                  <Space>
                    <Tag color={k.review.decision === 'approve' ? 'green' : 'red'}>{t(`cases.review.decision.${k.review.decision}`)}</Tag>
                    <Typography.Text>{t('cases.review.by', { by: actorName(k.review.reviewer), at: f.dateTime(k.review.at) })}</Typography.Text>
                  </Space>
                  {k.review.note && <Typography.Text type="secondary">{k.review.note}</Typography.Text>}
                </Space>
              ) : (
                <Tag color="purple">{t('cases.review.awaiting')}</Tag>
              )}
            </Descriptions.Item>
          </Descriptions>
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cases.conclusion.none')} />
        )}
        {actions.conclusion.length > 0 && (
          <Space style={{ marginTop: 12 }}>
            {actions.conclusion.map((x) => (
              <Button key={x.key} type="primary" onClick={() => setProposing(x)} data-testid={`conclusion-propose-${x.key}`}>
                {t('cases.conclusion.propose', { name: text(x.name) })}
              </Button>
            ))}
          </Space>
        )}
      </Card>
      {permissions.has('case.review') && (
        <Card size="small" title={t('cases.review.title')} data-testid="case-review">
          {!c.review.pending ? (
            <Typography.Text type="secondary">{t('cases.review.nothingPending')}</Typography.Text>
          ) : c.review.allowed && (actions.approve || actions.reject) ? (
            <Space>
              {actions.approve && (
                <Button type="primary" onClick={() => setReview('approve')} data-testid="review-panel-approve">
                  {text(actions.approve.name)}
                </Button>
              )}
              {actions.reject && (
                <Button danger onClick={() => setReview('reject')} data-testid="review-panel-reject">
                  {text(actions.reject.name)}
                </Button>
              )}
            </Space>
          ) : (
            <Alert type="warning" showIcon data-testid="review-blocked" title={t(`cases.review.blocked.${block ?? 'PERMISSION_REQUIRED'}`)} />
          )}
        </Card>
      )}
      <ConclusionModal transition={proposing} onClose={() => setProposing(undefined)} />
      <ReviewModal decision={review} onClose={() => setReview(undefined)} onReviewed={onReviewed} />
    </div>
  );
}
