import { Space } from 'antd';
import type { StrategyCanarySlice } from '../../../api/types.ts';
import { OrgName } from '../../../components/OrgName.tsx';
import { useI18n } from '../../../i18n/use-i18n.ts';

/** A canary's slice: a share by a field's stable hash, or the banks whose traffic it decides. */
export function CanarySliceText({ slice }: { slice: StrategyCanarySlice | null | undefined }) {
  const { t } = useI18n();
  if (!slice) return null;
  if (slice.percent !== undefined) return <>{t('strategies.canary.percentOf', { percent: slice.percent, key: slice.key ?? '' })}</>;
  return (
    <Space size={4} wrap>
      {(slice.orgs ?? []).map((o) => (
        <OrgName key={o} id={o} />
      ))}
      {slice.otherOrgs ? t('strategies.canary.otherOrgs', { count: slice.otherOrgs }) : null}
    </Space>
  );
}
