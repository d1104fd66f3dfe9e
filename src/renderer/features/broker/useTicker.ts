import { useEffect, useState } from 'react';

/** A number that moves on every `ms` while the component is shown: what polling views refresh on. */
export function useTicker(ms: number): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((value) => value + 1), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return tick;
}
