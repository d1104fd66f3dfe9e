import type { StateCreator } from 'zustand';
import type { ThemeChoice } from '../../shared/contract/desktop';
import type { LanguageChoice } from '../i18n/languages';
import type { AppState } from './index';

export type SettingsSlice = {
  /** What the user picked; 'system' follows the OS. Kept by services/theme.ts. */
  theme: ThemeChoice;
  /** Whether the OS (or, in the desktop app, the native theme) asks for dark colours. */
  systemDark: boolean;
  setTheme(theme: ThemeChoice): void;
  setSystemDark(dark: boolean): void;
  /** What the user picked; 'system' follows the OS / browser. Kept by services/language.ts. */
  language: LanguageChoice;
  /** The locale the UI runs in (ko-KR, en-GB, en): texts come from its language, numbers and dates follow it. */
  locale: string;
  setLanguage(language: LanguageChoice): void;
  setLocale(locale: string): void;
};

export const createSettingsSlice: StateCreator<AppState, [], [], SettingsSlice> = (set) => ({
  theme: 'system',
  systemDark: false,
  setTheme: (theme) => set({ theme }),
  setSystemDark: (systemDark) => set({ systemDark }),
  language: 'system',
  locale: 'en',
  setLanguage: (language) => set({ language }),
  setLocale: (locale) => set({ locale }),
});

/** For what CSS cannot colour (the editor, canvas charts): is the page dark right now? */
export function isDarkTheme(state: Pick<SettingsSlice, 'theme' | 'systemDark'>): boolean {
  return state.theme === 'dark' || (state.theme === 'system' && state.systemDark);
}
