import { Empty, Space, Tag, Timeline, Typography } from 'antd';
import type { ModelEvent } from '../../../api/types.ts';
import { useFormat } from '../../../components/use-format.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { actorText } from '../model/model-format.ts';
import { eventColor, eventDetails, eventsNewestFirst, isEventAction } from '../model/timeline.ts';

/** A model's history, newest first: who did what to which version, with the note given. */
export function ModelTimeline({ events }: { events: readonly ModelEvent[] }) {
  const { t } = useI18n();
  const f = useFormat();
  if (!events.length) return <Empty description={t('models.timeline.empty')} />;
  return (
    <div data-testid="model-timeline">
      <Timeline
        items={eventsNewestFirst(events).map((e) => ({
          key: e.id,
          color: eventColor(e.action),
          content: (
            <div data-testid="model-event" data-action={e.action}>
              <Typography.Text type="secondary">{f.dateTime(e.at)}</Typography.Text> <Typography.Text strong>{actorText(e.actor)}</Typography.Text> <Tag>{isEventAction(e.action) ? t(`models.event.${e.action}`) : e.action}</Tag>
              {e.version !== null && <Tag color="blue">{`v${e.version}`}</Tag>}
              {e.note && <Typography.Paragraph style={{ margin: '4px 0 0', whiteSpace: 'pre-wrap' }}>{e.note}</Typography.Paragraph>}
              {eventDetails(e).length > 0 && (
                <Space size={[4, 4]} wrap style={{ marginTop: 4 }}>
                  {eventDetails(e).map(([k, v]) => (
                    <Tag key={k} variant="filled">
                      {`${k}: ${v}`}
                    </Tag>
                  ))}
                </Space>
              )}
            </div>
          ),
        }))}
      />
    </div>
  );
}
