import { useTranslation } from 'react-i18next';
import { LANGUAGE_CHOICES, LANGUAGE_NAMES, type LanguageChoice } from '../../i18n/languages';
import { useAppStore } from '../../store';

/** System (the OS / browser's language) or one the UI ships; remembered like the theme. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  const setLanguage = useAppStore((s) => s.setLanguage);
  return (
    <label className="theme-switch">
      <span>{t('settings.language')}</span>
      <select value={language} onChange={(event) => setLanguage(event.target.value as LanguageChoice)}>
        {LANGUAGE_CHOICES.map((choice) => (
          <option key={choice} value={choice} lang={choice === 'system' ? undefined : choice}>
            {choice === 'system' ? t('settings.systemLanguage') : LANGUAGE_NAMES[choice]}
          </option>
        ))}
      </select>
    </label>
  );
}
