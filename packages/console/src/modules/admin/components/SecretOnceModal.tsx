import { Alert, Button, Modal, Typography } from 'antd';
import { useI18n } from '../../../i18n/use-i18n.ts';
import type { MessageKey } from '../../../i18n/translate.ts';

/**
 * A secret the server shows only once (an API key, a webhook signing secret, a one-time password):
 * shown with a copy button and a warning; once closed, the console forgets it.
 */
export function SecretOnceModal({ secret, titleKey, warningKey, onClose }: { secret: string | undefined; titleKey: MessageKey; warningKey: MessageKey; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <Modal
      open={!!secret}
      title={t(titleKey)}
      onCancel={onClose}
      maskClosable={false}
      destroyOnHidden
      footer={
        <Button type="primary" onClick={onClose} data-testid="secret-close">
          {t('admin.secret.done')}
        </Button>
      }
    >
      <Alert type="warning" showIcon title={t(warningKey)} style={{ marginBottom: 16 }} />
      <Typography.Paragraph copyable={{ text: secret, tooltips: [t('admin.secret.copy'), t('admin.secret.copied')] }} code data-testid="secret-value" style={{ fontSize: 15, wordBreak: 'break-all' }}>
        {secret}
      </Typography.Paragraph>
    </Modal>
  );
}
