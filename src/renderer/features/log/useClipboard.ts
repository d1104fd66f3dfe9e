import { useCallback, useState } from 'react';

/** Copies text and says so (or why not), for a status line next to the copy buttons. */
export function useClipboard(): { copy(what: string, text: string): Promise<void>; status: { ok: boolean; text: string } | undefined } {
  const [status, setStatus] = useState<{ ok: boolean; text: string }>();
  const copy = useCallback(async (what: string, text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setStatus({ ok: true, text: `Copied ${what}` });
    } catch (error) {
      setStatus({ ok: false, text: `Could not copy ${what}: ${(error as Error).message}` });
    }
  }, []);
  return { copy, status };
}
