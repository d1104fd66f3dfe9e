import { useTranslation } from 'react-i18next';
import { THEME_CHOICES, type ThemeChoice } from '../../../shared/contract/desktop';
import { useAppStore } from '../../store';

/** System (follow the OS), Light or Dark; remembered for the next start. */
export function ThemeSwitch() {
  const { t } = useTranslation();
  const theme = useAppStore((s) => s.theme);
  const setTheme = useAppStore((s) => s.setTheme);
  return (
    <label className="theme-switch">
      <span>{t('settings.theme')}</span>
      <select value={theme} onChange={(event) => setTheme(event.target.value as ThemeChoice)}>
        {THEME_CHOICES.map((choice) => (
          <option key={choice} value={choice}>
            {t(`settings.themes.${choice}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
