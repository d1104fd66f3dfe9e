import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../store';
import { localeFormat, type LocaleFormat } from '../i18n/localeFormat';

/** The translation function and locale formatting together; a component re-renders when the language changes. */
export function useLocale(): LocaleFormat & { t: ReturnType<typeof useTranslation>['t']; locale: string } {
  const { t } = useTranslation();
  const locale = useAppStore((s) => s.locale);
  return useMemo(() => ({ t, locale, ...localeFormat(locale, t) }), [t, locale]);
}
