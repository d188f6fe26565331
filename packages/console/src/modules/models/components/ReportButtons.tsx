import { modelsApi } from '../../../api/models-api.ts';
import { HtmlReportButtons } from '../../../components/HtmlReportButtons.tsx';
import { useI18n } from '../../../i18n/use-i18n.ts';

/** A version's self-contained HTML report: opened in a new tab, or downloaded. */
export function ReportButtons({ modelId, version, fileName }: { modelId: string; version: number; fileName: string }) {
  const { t } = useI18n();
  return (
    <HtmlReportButtons
      load={() => modelsApi.reportHtml(modelId, version)}
      href={modelsApi.reportUrl(modelId, version)}
      fileName={fileName}
      openLabel={t('models.report.open')}
      downloadLabel={t('models.report.download')}
      testIdPrefix="report"
    />
  );
}
