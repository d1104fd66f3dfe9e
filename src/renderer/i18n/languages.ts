/** The languages the UI ships complete; the first is the fallback for everything else. */
export const LANGUAGES = ['en', 'ko'] as const;
export type Language = (typeof LANGUAGES)[number];

/** What the user picks: a language, or 'system' to follow the OS / browser. */
export const LANGUAGE_CHOICES = ['system', ...LANGUAGES] as const;
export type LanguageChoice = (typeof LANGUAGE_CHOICES)[number];

/** Each language's name in itself, so a user who cannot read the current one still finds theirs. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', ko: '한국어' };

const baseOf = (tag: string) => tag.toLowerCase().split('-')[0] ?? '';

/**
 * The locale the UI runs in for a choice. 'system' takes the first of the user's preferred
 * locales whose language ships, keeping its region (ko-KR, en-GB) so numbers and dates follow it;
 * none shipping means English.
 */
export function resolveLocale(choice: LanguageChoice, preferred: readonly string[]): string {
  if (choice !== 'system') return choice;
  return preferred.find((tag) => (LANGUAGES as readonly string[]).includes(baseOf(tag))) ?? LANGUAGES[0];
}

/** The shipped language a locale's texts come from. */
export function languageOf(locale: string): Language {
  const base = baseOf(locale);
  return (LANGUAGES as readonly string[]).includes(base) ? (base as Language) : LANGUAGES[0];
}
