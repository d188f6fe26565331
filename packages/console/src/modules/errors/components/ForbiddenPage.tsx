import { Button, Result } from 'antd';
import { Link } from 'react-router';
import { useI18n } from '../../../i18n/use-i18n.ts';

export function ForbiddenPage() {
  const { t } = useI18n();
  return (
    <Result
      status="403"
      title={t('forbidden.title')}
      subTitle={t('forbidden.description')}
      extra={
        <Link to="/">
          <Button type="primary">{t('common.backHome')}</Button>
        </Link>
      }
      data-testid="forbidden"
    />
  );
}
