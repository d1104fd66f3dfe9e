import { useLayoutEffect, useState, type RefObject } from 'react';

export type FixedRow = { index: number; start: number };

/**
 * Windowing for rows of one fixed height: which rows are on screen is plain arithmetic on the
 * scroll position, so the cost per render is the visible rows, whatever the count. (A general
 * virtualiser keeps a measurement per row and rebuilds them when the count changes: at a
 * million rows that grows by thousands a second, that alone stalls frames.)
 */
export function useFixedRows(scrollRef: RefObject<HTMLElement | null>, count: number, rowHeight: number, overscan = 10) {
  const [viewport, setViewport] = useState({ top: 0, height: 0 });

  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const read = () => setViewport((current) => (current.top === element.scrollTop && current.height === element.clientHeight ? current : { top: element.scrollTop, height: element.clientHeight }));
    read();
    element.addEventListener('scroll', read, { passive: true });
    const resize = new ResizeObserver(read);
    resize.observe(element);
    return () => {
      element.removeEventListener('scroll', read);
      resize.disconnect();
    };
  }, [scrollRef]);

  const first = Math.max(0, Math.floor(viewport.top / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((viewport.top + viewport.height) / rowHeight) + overscan);
  const rows: FixedRow[] = [];
  for (let index = first; index < last; index += 1) rows.push({ index, start: index * rowHeight });
  return {
    rows,
    totalHeight: count * rowHeight,
    /** Scrolls the least needed to show row `index` (keyboard navigation). */
    scrollToRow(index: number) {
      const element = scrollRef.current;
      if (!element) return;
      const start = index * rowHeight;
      if (start < viewport.top) element.scrollTop = start;
      else if (start + rowHeight > viewport.top + viewport.height) element.scrollTop = start + rowHeight - viewport.height;
    },
    /** Scrolls so the last row is at the bottom. */
    scrollToEnd() {
      const element = scrollRef.current;
      // The height we already know: reading clientHeight here would force a layout per frame.
      const top = Math.max(0, count * rowHeight - viewport.height);
      if (element && top !== viewport.top) element.scrollTop = top;
    },
  };
}
