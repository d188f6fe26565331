import { Tag } from 'antd';
import { useI18n } from '../../../i18n/use-i18n.ts';
import type { MessageKey } from '../../../i18n/translate.ts';
import { STATE_COLORS } from '../utils/lifecycle.ts';

/** A version's lifecycle state (or a deployment's mode) as a coloured tag in the user's language. */
export function StateTag({ state }: { state: string }) {
  const { t } = useI18n();
  return (
    <Tag color={STATE_COLORS[state] ?? 'default'} data-testid={`state-${state}`}>
      {t(`strategies.state.${state}` as MessageKey)}
    </Tag>
  );
}
