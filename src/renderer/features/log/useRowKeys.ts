import { useCallback, useEffect, useState, type FocusEvent, type KeyboardEvent, type RefObject } from 'react';

/**
 * Arrow keys, Home/End and Page Up/Down move focus between the rows of a virtualised list: the
 * target row is scrolled into view first, and focused once it is rendered. `onMove` is told, so
 * the log stops following new messages while the user reads.
 */
export function useRowKeys(scrollRef: RefObject<HTMLElement | null>, rowHeight: number, count: number, onMove: () => void) {
  const [active, setActive] = useState<number>();

  useEffect(() => {
    const scroller = scrollRef.current;
    if (active === undefined || !scroller || !scroller.contains(document.activeElement)) return;
    const row = scroller.querySelector<HTMLElement>(`[data-index="${active}"]`);
    if (row && row !== document.activeElement) row.focus({ preventScroll: true });
  });

  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLElement>) => {
      const from = Number((event.target as HTMLElement).dataset.index);
      const scroller = scrollRef.current;
      if (!Number.isInteger(from) || !scroller || count === 0) return;
      const page = Math.max(1, Math.floor(scroller.clientHeight / rowHeight) - 1);
      const moves: Record<string, number> = { ArrowDown: from + 1, ArrowUp: from - 1, PageDown: from + page, PageUp: from - page, Home: 0, End: count - 1 };
      const target = moves[event.key];
      if (target === undefined) return;
      event.preventDefault();
      const next = Math.min(count - 1, Math.max(0, target));
      onMove();
      const top = next * rowHeight;
      if (top < scroller.scrollTop) scroller.scrollTop = top;
      else if (top + rowHeight > scroller.scrollTop + scroller.clientHeight) scroller.scrollTop = top + rowHeight - scroller.clientHeight;
      setActive(next);
    },
    [scrollRef, rowHeight, count, onMove],
  );

  const onFocus = useCallback((event: FocusEvent<HTMLElement>) => {
    const index = Number(event.target.dataset.index);
    if (Number.isInteger(index)) setActive(index);
  }, []);

  return { active, onKeyDown, onFocus };
}
