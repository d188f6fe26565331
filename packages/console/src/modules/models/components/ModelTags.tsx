import { Tag } from 'antd';
import type { ModelKind, ModelPurpose, ModelStatus, MonitoringStatus } from '../../../api/types.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import type { IvBandName } from '../model/artefact-types.ts';
import { IV_BAND_COLORS } from '../model/model-format.ts';
import { MONITORING_COLORS, STATUS_COLORS } from '../model/model-status.ts';

/** A version's lifecycle status. */
export function ModelStatusTag({ status }: { status: ModelStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid={`model-status-${status}`}>
      {t(`models.status.${status}`)}
    </Tag>
  );
}

/** The outcome of a model's latest monitoring run (or "off" when monitoring is disabled). */
export function MonitoringStatusTag({ status, enabled = true }: { status: MonitoringStatus | null; enabled?: boolean }) {
  const { t } = useI18n();
  if (!status) return <Tag data-testid="monitoring-status-none">{enabled ? t('models.monitoring.never') : t('models.monitoring.off')}</Tag>;
  return (
    <Tag color={MONITORING_COLORS[status]} data-testid={`monitoring-status-${status}`}>
      {t(`models.monitoringStatus.${status}`)}
    </Tag>
  );
}

export function IvBandTag({ band }: { band: IvBandName }) {
  const { t } = useI18n();
  return <Tag color={IV_BAND_COLORS[band]}>{t(`models.ivBand.${band}`)}</Tag>;
}

export function PurposeText({ purpose }: { purpose: ModelPurpose }) {
  const { t } = useI18n();
  return <>{t(`models.purpose.${purpose}`)}</>;
}

export function KindText({ kind }: { kind: ModelKind | null }) {
  const { t } = useI18n();
  return <>{kind ? t(`models.kind.${kind}`) : '—'}</>;
}
