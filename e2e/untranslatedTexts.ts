import type { Page } from '@playwright/test';
import { en, enBrokerView } from '../src/renderer/i18n/en';
import { SAME_IN_KOREAN } from '../test/support/sameInKorean';

type Tree = { readonly [key: string]: string | Tree };
const texts = (tree: Tree): string[] => Object.values(tree).flatMap((value) => (typeof value === 'string' ? [value] : texts(value)));

/**
 * Every English UI text as a pattern (placeholders match anything), leaving out the proper names
 * and protocol words Korean keeps, and texts with no English word outside their placeholders.
 */
const ENGLISH = [...new Set(texts({ ...en, brokerView: enBrokerView }))].filter((text) => !SAME_IN_KOREAN.includes(text) && /[A-Za-z]{2,}/.test(text.replace(/\{\{\w+\}\}/g, '')));

/**
 * What a person sees or hears on the page that is one of the English texts: each visible text
 * node, each visible element's own text, the options of visible selects, and accessible names
 * and hints (aria-label, title, placeholder). Packet field names and summaries are excluded: the
 * decoder names fields as the MQTT specification does, like Wireshark. `data` are the user's own
 * texts on screen (a connection's name), which are not the UI's to translate.
 */
export function untranslatedTexts(page: Page, data: readonly string[] = []): Promise<string[]> {
  return page.evaluate(({ english, same, data }) => {
    const patterns = english.map((text) => ({
      text,
      pattern: new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\{\\\{\w+\\\}\\\}/g, '.+?')}$`, 's'),
    }));
    const found = new Set<string>();
    const check = (candidate: string | null | undefined) => {
      const value = candidate?.replace(/\s+/g, ' ').trim();
      if (!value || data.includes(value) || same.includes(value)) return;
      for (const { text, pattern } of patterns) if (pattern.test(value)) found.add(`${value}  ← "${text}"`);
    };
    const protocolData = '.field-tree li, .psummary, .monaco-editor';
    for (const element of Array.from(document.body.querySelectorAll<HTMLElement>('*'))) {
      if (element.closest(protocolData)) continue;
      const select = element instanceof HTMLOptionElement ? element.closest('select') : null;
      if (!(select ?? element).checkVisibility({ visibilityProperty: true })) continue;
      let own = '';
      for (const node of Array.from(element.childNodes)) {
        if (node.nodeType !== Node.TEXT_NODE) continue;
        check(node.textContent);
        own += node.textContent;
      }
      check(own);
      for (const attribute of ['aria-label', 'title', 'placeholder']) check(element.getAttribute(attribute));
    }
    return [...found];
  }, { english: ENGLISH, same: SAME_IN_KOREAN, data });
}
