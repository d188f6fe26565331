import { Card } from 'antd';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { PageHeader } from '../../shell/components/PageHeader.tsx';
import { ChangePasswordForm } from './ChangePasswordForm.tsx';

export function AccountPasswordPage() {
  const { t } = useI18n();
  return (
    <>
      <PageHeader title={t('header.changePassword')} />
      <Card>
        <ChangePasswordForm />
      </Card>
    </>
  );
}
