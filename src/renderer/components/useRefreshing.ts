import { describeError } from './describeError';
import { useEffect, useRef, useState } from 'react';

/**
 * Loads something from the engine for `key`, and again whenever `version` moves on (new
 * messages, say) — but never more than one request at a time: changes during a request
 * are folded into one more request after it. Answers for an old key are ignored.
 */
export function useRefreshing<T>(load: () => Promise<T>, key: string, version: number): { value: T | undefined; error: string | undefined } {
  const [state, setState] = useState<{ key: string; value: T | undefined; error: string | undefined }>({ key, value: undefined, error: undefined });
  const latest = useRef({ load, key });
  latest.current = { load, key };
  const control = useRef({ busy: false, again: false, mounted: true });

  useEffect(() => {
    control.current.mounted = true;
    return () => {
      control.current.mounted = false;
    };
  }, []);

  useEffect(() => {
    const c = control.current;
    const run = async (): Promise<void> => {
      if (c.busy) {
        c.again = true;
        return;
      }
      c.busy = true;
      const requested = latest.current.key;
      try {
        const value = await latest.current.load();
        if (c.mounted && requested === latest.current.key) setState({ key: requested, value, error: undefined });
      } catch (error) {
        if (c.mounted && requested === latest.current.key) setState({ key: requested, value: undefined, error: describeError(error) });
      } finally {
        c.busy = false;
        if (c.again && c.mounted) {
          c.again = false;
          void run();
        }
      }
    };
    void run();
  }, [key, version]);

  return state.key === key ? { value: state.value, error: state.error } : { value: undefined, error: undefined };
}
