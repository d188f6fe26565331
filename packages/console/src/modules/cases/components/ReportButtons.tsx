import { useState } from 'react';
import { App, Button, Space } from 'antd';
import { DownloadOutlined, FileTextOutlined } from '@ant-design/icons';
import { casesApi } from '../../../api/cases-api.ts';
import { errorText } from '../../../i18n/error-text.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';

/**
 * The case report (one self-contained HTML page without scripts) in the user's language: opened
 * in a new tab, or downloaded as the server names it (`CASE-….html`).
 */
export function ReportButtons({ caseId, number }: { caseId: string; number: string }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [opening, setOpening] = useState(false);
  const lang = locale === 'zh-CN' ? 'zh' : 'en';
  const open = async () => {
    // The tab opens on the click itself (a popup blocker lets it through), then shows the report.
    const tab = window.open('', '_blank');
    setOpening(true);
    try {
      const html = await casesApi.reportHtml(caseId, lang);
      const url = URL.createObjectURL(new Blob([html], { type: 'text/html' }));
      if (tab) tab.location.href = url;
      else window.location.assign(url);
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (e) {
      tab?.close();
      void message.error(errorText(t, e));
    } finally {
      setOpening(false);
    }
  };
  return (
    <Space>
      <Button icon={<FileTextOutlined />} loading={opening} onClick={() => void open()} data-testid="case-report-open">
        {t('cases.report.open')}
      </Button>
      <Button icon={<DownloadOutlined />} href={casesApi.reportUrl(caseId, lang)} download={`${number}.html`} data-testid="case-report-download">
        {t('cases.report.download')}
      </Button>
    </Space>
  );
}
