import { describe, expect, it } from 'vitest';
import { en, enBrokerView } from '../../src/renderer/i18n/en';
import { ko, koBrokerView } from '../../src/renderer/i18n/ko';
import { LANGUAGES, languageOf, resolveLocale } from '../../src/renderer/i18n/languages';
import { localeFormat } from '../../src/renderer/i18n/localeFormat';
import { i18n } from '../../src/renderer/i18n/i18n';
import { SAME_IN_KOREAN } from '../support/sameInKorean';

type Tree = { readonly [key: string]: string | Tree };

/** Every text as "section.key" → text. */
function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

/** A plural key stands for its base: Korean has one form (_other) where English has _one and _other. */
const base = (key: string) => key.replace(/_(one|other)$/, '');
const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

const english = flatten({ ...en, brokerView: enBrokerView });
const korean = flatten({ ...(ko as Tree), brokerView: koBrokerView as Tree });

describe('Korean resources', () => {
  it('translate every English text (each plural text has at least its _other form)', () => {
    const missing = [...english.keys()].filter((key) => !korean.has(key) && !(key.endsWith('_one') && korean.has(key.replace(/_one$/, '_other'))));
    expect(missing).toEqual([]);
  });

  it('hold no text English does not have', () => {
    const englishBases = new Set([...english.keys()].map(base));
    expect([...korean.keys()].filter((key) => !englishBases.has(base(key)))).toEqual([]);
  });

  it('use the same placeholders as English, so no value goes missing from a sentence', () => {
    const wrong = [...korean].filter(([key, text]) => {
      const source = english.get(key) ?? english.get(key.replace(/_other$/, '_one'));
      return source !== undefined && placeholders(source).join() !== placeholders(text).join();
    });
    expect(wrong).toEqual([]);
  });

  it('differ from English except for the listed proper names and protocol words', () => {
    const same = [...korean].filter(([key, text]) => english.get(key) === text && !SAME_IN_KOREAN.includes(text)).map(([key]) => key);
    expect(same).toEqual([]);
    const empty = [...korean].filter(([, text]) => text.trim() === '').map(([key]) => key);
    expect(empty).toEqual([]);
  });
});

describe('the UI language', () => {
  it('follows the first of the preferred locales that ships, keeping its region for formats', () => {
    expect(resolveLocale('system', ['ko-KR', 'en-US'])).toBe('ko-KR');
    expect(resolveLocale('system', ['fr-FR', 'en-GB', 'ko'])).toBe('en-GB');
    expect(resolveLocale('system', ['fr-FR', 'de'])).toBe('en');
    expect(resolveLocale('system', [])).toBe('en');
    expect(resolveLocale('ko', ['en-US'])).toBe('ko');
    expect(languageOf('ko-KR')).toBe('ko');
    expect(languageOf('EN-gb')).toBe('en');
    expect(languageOf('fr')).toBe(LANGUAGES[0]);
  });

  it('writes numbers, clock times and durations the way the locale does', () => {
    const enFormat = localeFormat('en-US', i18n.getFixedT('en'));
    const koFormat = localeFormat('ko-KR', i18n.getFixedT('ko'));
    const deFormat = localeFormat('de-DE', i18n.getFixedT('en'));
    expect(enFormat.number(1234567)).toBe('1,234,567');
    expect(deFormat.number(1234567.5, 1)).toBe('1.234.567,5');
    const time = new Date(2026, 11, 5, 16, 5, 3, 7).getTime();
    expect(enFormat.clock(time)).toBe('16:05:03.007');
    expect(deFormat.clock(time)).toBe('16:05:03,007');
    expect(koFormat.date(time)).toBe('2026. 12. 5.');
    expect(enFormat.duration(0.42)).toBe('0.42 ms');
    expect(enFormat.duration(4100)).toBe('4.1 s');
    expect(enFormat.duration(125_000)).toBe('2 min 5 s');
    expect(koFormat.duration(4100)).toBe('4.1초');
    expect(koFormat.duration(125_000)).toBe('2분 5초');
  });

  it('picks the plural form by count in English and has one form in Korean', () => {
    expect(i18n.getFixedT('en')('broker.running', { count: 1 })).toBe('Running · 1 client');
    expect(i18n.getFixedT('en')('broker.running', { count: 2 })).toBe('Running · 2 clients');
    expect(i18n.getFixedT('ko')('broker.running', { count: 1 })).toBe('실행 중 · 클라이언트 1개');
  });
});
