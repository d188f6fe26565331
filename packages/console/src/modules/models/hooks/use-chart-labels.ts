import { useMemo } from 'react';
import { useI18n } from '../../../i18n/use-i18n.ts';
import type { ModelChartLabels } from '../model/chart-options.ts';

/** The words of the model charts in the user's language. */
export function useChartLabels(): ModelChartLabels {
  const { t } = useI18n();
  return useMemo(
    () => ({
      share: t('models.chart.share'),
      eventRate: t('models.chart.eventRate'),
      woe: t('models.chart.woe'),
      score: t('models.chart.score'),
      cumBad: t('models.chart.cumBad'),
      cumGood: t('models.chart.cumGood'),
      ks: t('models.metric.ks'),
      fpr: t('models.chart.fpr'),
      tpr: t('models.chart.tpr'),
      random: t('models.chart.random'),
      roc: t('models.chart.roc'),
      psi: t('models.chart.psi'),
      maxCsi: t('models.chart.maxCsi'),
      auc: t('models.metric.auc'),
      expected: t('models.chart.expected'),
      actual: t('models.chart.actual'),
      psiWarning: t('models.chart.psiWarning'),
      psiAlert: t('models.chart.psiAlert'),
      csiAlert: t('models.chart.csiAlert'),
      ksAlert: t('models.chart.ksAlert'),
      aucAlert: t('models.chart.aucAlert'),
    }),
    [t],
  );
}
