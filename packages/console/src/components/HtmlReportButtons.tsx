import { useState } from 'react';
import { App, Button, Space } from 'antd';
import { DownloadOutlined, FileTextOutlined } from '@ant-design/icons';
import { errorText } from '../i18n/error-text.ts';
import { useI18n } from '../i18n/use-i18n.ts';

/**
 * Buttons for a self-contained HTML report the server renders (no scripts): one opens it in a new
 * tab (fetched with the session, shown from a blob URL), the other downloads it from `href`.
 */
export function HtmlReportButtons(props: { load: () => Promise<string>; href: string; fileName: string; openLabel: string; downloadLabel: string; testIdPrefix: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [opening, setOpening] = useState(false);
  const open = async () => {
    // The tab opens on the click itself (a popup blocker lets it through), then shows the report.
    const tab = window.open('', '_blank');
    setOpening(true);
    try {
      const html = await props.load();
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
      <Button icon={<FileTextOutlined />} loading={opening} onClick={() => void open()} data-testid={`${props.testIdPrefix}-open`}>
        {props.openLabel}
      </Button>
      <Button icon={<DownloadOutlined />} href={props.href} download={props.fileName} data-testid={`${props.testIdPrefix}-download`}>
        {props.downloadLabel}
      </Button>
    </Space>
  );
}
