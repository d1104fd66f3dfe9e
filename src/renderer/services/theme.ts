import { THEME_CHOICES, type DesktopService, type ThemeChoice } from '../../shared/contract/desktop';
import { useAppStore } from '../store';
import { readPreference, writePreference } from './preferences';

const THEME_KEY = 'theme';

/**
 * Applies the theme choice to the page (styles.css reads `data-theme`), remembers it, and tells
 * the desktop shell so native menus and dialogs match. Call once, before the first render.
 */
export function followTheme(desktop: DesktopService): void {
  const saved = readPreference(THEME_KEY);
  const store = useAppStore.getState();
  if (THEME_CHOICES.includes(saved as ThemeChoice)) store.setTheme(saved as ThemeChoice);
  const media = window.matchMedia('(prefers-color-scheme: dark)');
  store.setSystemDark(media.matches);
  media.addEventListener('change', (event) => useAppStore.getState().setSystemDark(event.matches));

  const apply = (theme: ThemeChoice) => {
    document.documentElement.dataset.theme = theme;
    // Browser mode has no native theme; the call answers and does nothing there.
    desktop.setTheme(theme).catch(() => undefined);
  };
  apply(useAppStore.getState().theme);
  useAppStore.subscribe((state, previous) => {
    if (state.theme === previous.theme) return;
    writePreference(THEME_KEY, state.theme);
    apply(state.theme);
  });
}
