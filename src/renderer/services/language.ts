import { i18n } from '../i18n/i18n';
import { LANGUAGE_CHOICES, languageOf, resolveLocale, type LanguageChoice } from '../i18n/languages';
import { useAppStore } from '../store';
import { readPreference, writePreference } from './preferences';

const LANGUAGE_KEY = 'language';

/**
 * Puts the UI in the user's language: the one they picked, or the OS / browser's (the desktop
 * app's renderer sees the OS locale in navigator.languages too). Remembers the choice and follows
 * a change of the browser's languages while 'system' is chosen. Call once, before the first render.
 */
export function followLanguage(): void {
  const saved = readPreference(LANGUAGE_KEY);
  const store = useAppStore.getState();
  if (LANGUAGE_CHOICES.includes(saved as LanguageChoice)) store.setLanguage(saved as LanguageChoice);

  const apply = () => {
    const locale = resolveLocale(useAppStore.getState().language, navigator.languages);
    const language = languageOf(locale);
    document.documentElement.lang = language;
    void i18n.changeLanguage(language);
    useAppStore.getState().setLocale(locale);
  };
  apply();
  window.addEventListener('languagechange', apply);
  useAppStore.subscribe((state, previous) => {
    if (state.language === previous.language) return;
    writePreference(LANGUAGE_KEY, state.language);
    apply();
  });
}
