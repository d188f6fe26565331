import { casesApi } from '../../../api/cases-api.ts';
import { HtmlReportButtons } from '../../../components/HtmlReportButtons.tsx';
import { useI18n } from '../../../i18n/use-i18n.ts';

/**
 * The case report (one self-contained HTML page without scripts) in the user's language: opened
 * in a new tab, or downloaded as the server names it (`CASE-….html`).
 */
export function ReportButtons({ caseId, number }: { caseId: string; number: string }) {
  const { t, locale } = useI18n();
  const lang = locale === 'zh-CN' ? 'zh' : 'en';
  return (
    <HtmlReportButtons
      load={() => casesApi.reportHtml(caseId, lang)}
      href={casesApi.reportUrl(caseId, lang)}
      fileName={`${number}.html`}
      openLabel={t('cases.report.open')}
      downloadLabel={t('cases.report.download')}
      testIdPrefix="case-report"
    />
  );
}
