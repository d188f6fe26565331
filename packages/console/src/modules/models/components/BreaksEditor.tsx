import { useState } from 'react';
import { Alert, Button, InputNumber, Space, Tooltip, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined, ReloadOutlined, UndoOutlined } from '@ant-design/icons';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { addBreak, blockingIssues, intervalsText, normaliseBreaks, removeBreak, sameBreaks, setBreak, validateBreaks, type DraftBreak } from '../model/breaks.ts';

/**
 * The cut points of a numeric variable, edited by hand: change, add and remove points, then
 * Recompute bins the data at exactly these points (the list is sorted and each point kept once).
 * Mount it with a `key` of the binning shown, so a new result starts a new draft.
 */
export function BreaksEditor(p: {
  /** The cut points of the binning shown. */
  current: readonly number[];
  /** The data's range, to point out cut points that would make an empty bin. */
  range?: { min?: number; max?: number };
  /** Whether the binning shown is a manual one (Automatic then brings back the optimal binning). */
  manual: boolean;
  pending: boolean;
  onApply: (breaks: number[]) => void;
  onReset: () => void;
}) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<DraftBreak[]>([...p.current]);
  const issues = validateBreaks(draft, p.range);
  const blocking = blockingIssues(issues);
  const changed = !sameBreaks(draft, p.current) || draft.some((b) => b === null);
  return (
    <div data-testid="breaks-editor">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('models.breaks.hint')}
      </Typography.Paragraph>
      <Space size={[8, 8]} wrap style={{ marginBottom: 8 }}>
        {draft.map((b, i) => {
          const mine = issues.filter((x) => x.index === i);
          return (
            <Space.Compact key={i}>
              <Tooltip title={mine.map((x) => t(`models.breakIssue.${x.code}`)).join(' ')} open={mine.length ? undefined : false}>
                <InputNumber
                  style={{ width: 110 }}
                  value={b}
                  status={mine.some((x) => x.code !== 'OUT_OF_RANGE') ? 'error' : mine.length ? 'warning' : undefined}
                  onChange={(v) => setDraft(setBreak(draft, i, typeof v === 'number' ? v : null))}
                  aria-label={t('models.breaks.point', { n: i + 1 })}
                  data-testid={`break-input-${i}`}
                />
              </Tooltip>
              <Button icon={<DeleteOutlined />} onClick={() => setDraft(removeBreak(draft, i))} aria-label={t('models.breaks.remove')} data-testid={`break-remove-${i}`} />
            </Space.Compact>
          );
        })}
        <Button icon={<PlusOutlined />} onClick={() => setDraft(addBreak(draft, -1, p.range))} data-testid="break-add">
          {t('models.breaks.add')}
        </Button>
      </Space>
      <Typography.Paragraph style={{ marginBottom: 8 }} data-testid="breaks-preview">
        <Typography.Text type="secondary">{t('models.breaks.preview')}</Typography.Text> {intervalsText(draft).join('  ')}
      </Typography.Paragraph>
      {issues.some((x) => x.index === -1) && <Alert type="error" showIcon style={{ marginBottom: 8 }} title={t('models.breakIssue.TOO_MANY')} />}
      <Space wrap>
        <Button type="primary" icon={<ReloadOutlined />} disabled={!!blocking.length || !changed} loading={p.pending} onClick={() => p.onApply(normaliseBreaks(draft))} data-testid="breaks-recompute">
          {t('models.breaks.recompute')}
        </Button>
        <Button icon={<UndoOutlined />} disabled={!changed} onClick={() => setDraft([...p.current])} data-testid="breaks-undo">
          {t('models.breaks.undo')}
        </Button>
        {p.manual && (
          <Button onClick={p.onReset} data-testid="breaks-automatic">
            {t('models.breaks.automatic')}
          </Button>
        )}
      </Space>
    </div>
  );
}
