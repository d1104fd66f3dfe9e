import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Copies text and says so (or why not), for a status line next to the copy buttons. */
export function useClipboard(): { copy(what: string, text: string): Promise<void>; status: { ok: boolean; text: string } | undefined } {
  const { t } = useTranslation();
  const [status, setStatus] = useState<{ ok: boolean; text: string }>();
  const copy = useCallback(async (what: string, text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setStatus({ ok: true, text: t('details.copy.copied', { what }) });
    } catch (error) {
      setStatus({ ok: false, text: t('details.copy.failed', { what, reason: (error as Error).message }) });
    }
  }, [t]);
  return { copy, status };
}
