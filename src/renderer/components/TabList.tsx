import { useRef, type KeyboardEvent, type ReactNode } from 'react';

/**
 * An accessible tab list and its one panel (the selected tab's). Ids are `${idPrefix}tab-${id}`
 * for the tabs and `${idPrefix}panel-${id}` for the panel, so each tab controls its panel and
 * the panel is labelled by its tab. The tab type is taken from `ids` alone (the `NoInfer`s), so a
 * state setter such as `useState`'s can be passed as `onSelect` without widening it to `string`.
 */
export function TabList<T extends string>(props: {
  ids: readonly T[];
  selected: NoInfer<T>;
  onSelect(id: NoInfer<T>): void;
  /** The tablist's accessible name. */
  label: string;
  idPrefix: string;
  labelOf(id: NoInfer<T>): string;
  /** Extra classes of the panel, after `tab-panel`. */
  panelClassName?: string;
  /** The selected tab's content. */
  children: ReactNode;
}) {
  const { ids, selected, onSelect, idPrefix } = props;
  const buttons = useRef(new Map<T, HTMLButtonElement>());

  // WAI-ARIA tabs pattern (automatic activation): the tab list is one stop in the Tab order (only
  // the selected tab has tabIndex 0); Left/Right move to the previous/next tab with wrap-around,
  // Home/End to the first/last, and focus follows the selection, or it would stay on a tab that
  // is no longer selected and leave the Tab order.
  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    const next = ids[targetIndex(event.key, ids.indexOf(selected), ids.length)];
    if (next === undefined) return;
    event.preventDefault();
    onSelect(next);
    buttons.current.get(next)?.focus();
  };

  return (
    <>
      <div role="tablist" aria-label={props.label} className="tabs">
        {ids.map((id) => (
          <button
            key={id}
            ref={(element) => {
              if (element) buttons.current.set(id, element);
              else buttons.current.delete(id);
            }}
            type="button"
            role="tab"
            id={`${idPrefix}tab-${id}`}
            aria-selected={selected === id}
            aria-controls={`${idPrefix}panel-${id}`}
            tabIndex={selected === id ? 0 : -1}
            onClick={() => onSelect(id)}
            onKeyDown={onKeyDown}
          >
            {props.labelOf(id)}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`${idPrefix}panel-${selected}`}
        aria-labelledby={`${idPrefix}tab-${selected}`}
        className={props.panelClassName ? `tab-panel ${props.panelClassName}` : 'tab-panel'}
      >
        {props.children}
      </div>
    </>
  );
}

/** Where a key moves the selection from `index` among `count` tabs; -1 for a key that does not move it. */
function targetIndex(key: string, index: number, count: number): number {
  switch (key) {
    case 'ArrowRight':
      return (index + 1) % count;
    case 'ArrowLeft':
      return (index + count - 1) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return -1;
  }
}
