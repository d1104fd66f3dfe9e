import { useState, type KeyboardEvent } from 'react';
import type { Field } from '../../../shared/inspector/packets/types';
import { ancestorsOf, type FieldPath } from './fieldPaths';
import { useTranslation } from 'react-i18next';

type Props = {
  fields: readonly Field[];
  selected: FieldPath | undefined;
  onSelect(path: FieldPath): void;
};

/** The decoded packet as an expandable tree; selecting a field highlights its bytes. */
export function FieldTree({ fields, selected, onSelect }: Props) {
  const { t } = useTranslation();
  const [collapsed, setCollapsed] = useState<Set<FieldPath>>(new Set());
  const open = (path: FieldPath) => !collapsed.has(path) || (selected !== undefined && ancestorsOf(selected).includes(path));

  const visible: FieldPath[] = [];
  const collect = (list: readonly Field[], prefix: string) =>
    list.forEach((field, i) => {
      const path = prefix === '' ? String(i) : `${prefix}.${i}`;
      visible.push(path);
      if (field.children && open(path)) collect(field.children, path);
    });
  collect(fields, '');

  function toggle(path: FieldPath) {
    setCollapsed((current) => {
      const next = new Set(current);
      if (next.has(path)) next.delete(path);
      else next.add(path);
      return next;
    });
  }

  function onKeyDown(event: KeyboardEvent) {
    const index = selected === undefined ? -1 : visible.indexOf(selected);
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const next = visible[Math.min(visible.length - 1, Math.max(0, index + (event.key === 'ArrowDown' ? 1 : -1)))];
      if (next !== undefined) onSelect(next);
    } else if ((event.key === 'ArrowRight' || event.key === 'ArrowLeft') && selected !== undefined) {
      event.preventDefault();
      const isOpen = open(selected);
      if ((event.key === 'ArrowRight') !== isOpen) toggle(selected);
    }
  }

  const render = (list: readonly Field[], prefix: string, depth: number) =>
    list.map((field, i) => {
      const path = prefix === '' ? String(i) : `${prefix}.${i}`;
      const hasChildren = Boolean(field.children?.length);
      const expanded = hasChildren ? open(path) : undefined;
      return (
        <li
          key={path}
          role="treeitem"
          aria-selected={path === selected}
          aria-expanded={expanded}
          aria-label={`${field.name}: ${field.value}${field.problem ? ` ${t('packets.fields.problem', { problem: field.problem })}` : ''}`}
        >
          <div
            className={`field-line${path === selected ? ' selected' : ''}${field.problem ? ' problem' : ''}`}
            style={{ paddingLeft: depth * 14 + 4 }}
            onClick={() => onSelect(path)}
          >
            <span
              className="twisty"
              aria-hidden="true"
              onClick={(event) => {
                event.stopPropagation();
                if (hasChildren) toggle(path);
              }}
            >
              {hasChildren ? (expanded ? '▾' : '▸') : ''}
            </span>
            <span className="field-name">{field.name}</span>
            <span className="field-value">{field.value}</span>
            <span className="field-range">
              [{field.start}–{field.end})
            </span>
            {field.problem && <span className="field-problem">⚠ {field.problem}</span>}
          </div>
          {hasChildren && expanded && field.children && (
            <ul role="group">{render(field.children, path, depth + 1)}</ul>
          )}
        </li>
      );
    });

  return (
    <ul className="field-tree" role="tree" aria-label={t('packets.fields.label')} tabIndex={0} onKeyDown={onKeyDown}>
      {render(fields, '', 0)}
    </ul>
  );
}
