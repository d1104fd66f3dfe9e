import type { TFunction } from 'i18next';

/** Intl formatters are slow to build and the packet list formats hundreds of cells a frame. */
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function numberFormat(locale: string, digits: number | undefined): Intl.NumberFormat {
  const key = `${locale}|${digits ?? ''}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, digits === undefined ? {} : { minimumFractionDigits: digits, maximumFractionDigits: digits });
    numberFormats.set(key, format);
  }
  return format;
}

function dateFormat(locale: string, kind: 'clock' | 'date'): Intl.DateTimeFormat {
  const key = `${locale}|${kind}`;
  let format = dateFormats.get(key);
  if (!format) {
    format =
      kind === 'clock'
        ? // 24-hour with milliseconds in every locale: messages a few ms apart must read apart.
          new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', fractionalSecondDigits: 3, hourCycle: 'h23' })
        : new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
    dateFormats.set(key, format);
  }
  return format;
}

/** Numbers, times and durations the way the user's locale writes them. */
export type LocaleFormat = {
  /** Grouped digits; `digits` fixes the decimals (1,234.50). */
  number(value: number, digits?: number): string;
  /** Wall-clock time with milliseconds, as the packet list and log show it. */
  clock(time: number): string;
  date(time: number): string;
  /** A duration in the unit a person reads quickest: 0.42 ms, 12.3 ms, 4.1 s, 2 min 5 s. */
  duration(ms: number): string;
};

export function localeFormat(locale: string, t: TFunction): LocaleFormat {
  const number = (value: number, digits?: number) => numberFormat(locale, digits).format(value);
  return {
    number,
    clock: (time) => dateFormat(locale, 'clock').format(time),
    date: (time) => dateFormat(locale, 'date').format(time),
    duration: (ms) => {
      if (ms < 1) return t('units.ms', { value: number(ms, 2) });
      if (ms < 1000) return t('units.ms', { value: number(ms, 1) });
      if (ms < 60_000) return t('units.s', { value: number(ms / 1000, 1) });
      return t('units.minSec', { minutes: number(Math.floor(ms / 60_000)), seconds: number(Math.round((ms % 60_000) / 1000)) });
    },
  };
}
