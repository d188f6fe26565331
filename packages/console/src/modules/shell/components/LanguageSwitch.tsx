import { Segmented } from 'antd';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { LOCALES, type Locale } from '../../../i18n/locale.ts';

/** zh-CN / en-US, remembered in localStorage. */
export function LanguageSwitch() {
  const { locale, setLocale, t } = useI18n();
  return (
    <Segmented<Locale>
      size="small"
      value={locale}
      onChange={setLocale}
      options={LOCALES.map((l) => ({ value: l, label: <span data-testid={`lang-${l}`}>{t(`lang.${l}`)}</span> }))}
      aria-label={t('header.language')}
    />
  );
}
