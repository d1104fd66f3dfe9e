import { useEffect, useReducer } from 'react';
import type { PagedRows, RowsStatus } from '../services/pagedRows';

/**
 * Opens a paged engine view for as long as the component shows it (a new view object means a new
 * query), and renders again whenever its rows or status change, at most once per frame.
 */
export function usePagedView<Row, Status extends RowsStatus>(view: PagedRows<Row, Status>, onOpen?: () => void): void {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    const unsubscribe = view.changed.subscribe(rerender);
    void view.open();
    onOpen?.();
    return () => {
      unsubscribe();
      view.close();
    };
    // onOpen runs once per view, whatever closure it came with.
  }, [view]);
}
