import { useTranslation } from 'react-i18next';

type Text = (key: string, options?: Record<string, unknown>) => string;

/**
 * The broker view's texts, from their own i18next namespace (`enBrokerView` / `koBrokerView`).
 * Not part of the compile-time key typing: with them in `translation` the typed keys passed
 * TypeScript's instantiation depth limit. The resource test still checks every language has
 * every key with the same placeholders.
 */
export function useBrokerViewText(): { t: Text } {
  const { i18n } = useTranslation();
  return { t: i18n.getFixedT(null, 'brokerView' as never) as unknown as Text };
}
