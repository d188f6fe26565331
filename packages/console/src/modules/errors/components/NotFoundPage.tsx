import { Button, Result } from 'antd';
import { Link } from 'react-router';
import { useI18n } from '../../../i18n/use-i18n.ts';

export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <Result
      status="404"
      title={t('notFound.title')}
      subTitle={t('notFound.description')}
      extra={
        <Link to="/">
          <Button type="primary">{t('common.backHome')}</Button>
        </Link>
      }
      data-testid="not-found"
    />
  );
}
