import { useCallback, useState } from 'react';
import { describeError } from './describeError';

/**
 * Runs a user action (a call to the engine) and keeps its error, in words, to show next to the
 * control that started it; a new attempt clears the previous error.
 */
export function useAction(): { run(action: () => Promise<void>): Promise<void>; error: string | undefined; setError(error: string | undefined): void } {
  const [error, setError] = useState<string>();
  const run = useCallback(async (action: () => Promise<void>) => {
    setError(undefined);
    try {
      await action();
    } catch (e) {
      setError(describeError(e));
    }
  }, []);
  return { run, error, setError };
}
