import { Card, Table } from 'antd';
import type { DecisionFeedback } from '../../../api/types.ts';
import { useFormat } from '../../../components/use-format.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';

/** Feedback channels reported on the decision, oldest first. */
export function DecisionFeedbackCard({ feedback }: { feedback: DecisionFeedback[] }) {
  const { t } = useI18n();
  const f = useFormat();
  return (
    <Card size="small" title={t('decisions.detail.feedback')} style={{ marginBottom: 16 }}>
      <Table<DecisionFeedback>
        size="small"
        pagination={false}
        rowKey={(x) => x.id}
        dataSource={feedback}
        data-testid="detail-feedback"
        locale={{ emptyText: t('decisions.detail.noFeedback') }}
        columns={[
          { title: t('decisions.detail.receivedAt'), dataIndex: 'receivedAt', render: (v: string) => f.dateTime(v) },
          { title: t('decisions.detail.challengeResult'), dataIndex: 'challengeResult' },
          { title: t('decisions.detail.businessStatus'), dataIndex: 'businessStatus' },
          { title: t('decisions.detail.note'), dataIndex: 'note' },
          { title: t('decisions.detail.actor'), dataIndex: 'actor' },
        ]}
      />
    </Card>
  );
}
