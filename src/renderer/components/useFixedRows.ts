import { useEffect, useLayoutEffect, useState, type RefObject } from 'react';

export type FixedRow = { index: number; start: number };

/**
 * Windowing for rows of one fixed height: which rows are on screen is plain arithmetic on the
 * scroll position, so the cost per render is the visible rows, whatever the count. (A general
 * virtualiser keeps a measurement per row and rebuilds them when the count changes: at a
 * million rows that grows by thousands a second, that alone stalls frames.)
 */
export function useFixedRows(scrollRef: RefObject<HTMLElement | null>, count: number, rowHeight: number, overscan = 10, pinnedToEnd = false) {
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

  // A view following new rows (pinnedToEnd) is drawn at the end it is about to be scrolled to.
  // Windowing from the scroll position instead would draw the old end first, and the new one only
  // after the scroll's event: two renders and two layouts for every batch of rows. Rows above a
  // pinned end are reached only by scrolling up, which unpins the view and windows it again from
  // that scroll event; until then they would be built every batch for nothing.
  const endTop = Math.max(0, count * rowHeight - viewport.height);
  const top = pinnedToEnd ? endTop : viewport.top;
  const first = Math.max(0, Math.floor(top / rowHeight) - (pinnedToEnd ? Math.min(overscan, 2) : overscan));
  const last = Math.min(count, Math.ceil((top + viewport.height) / rowHeight) + overscan);
  const rows: FixedRow[] = [];
  for (let index = first; index < last; index += 1) rows.push({ index, start: index * rowHeight });

  // Then scrolled there, after every render (rows may have arrived). The height we already know:
  // reading clientHeight here would force a layout per frame.
  useEffect(() => {
    const element = scrollRef.current;
    if (pinnedToEnd && count > 0 && element && endTop !== viewport.top) element.scrollTop = endTop;
  });
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
  };
}
