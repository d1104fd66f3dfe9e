import { useId, type ReactNode } from 'react';

export type FieldProps = { id: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string };

/** A labelled input with its hint and its error right under it, linked for screen readers. */
export function Field(props: { label: string; error?: string; hint?: string; wide?: boolean; children: (p: FieldProps) => ReactNode }) {
  const id = useId();
  const describedBy = [props.error && `${id}-error`, props.hint && `${id}-hint`].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${props.wide ? ' wide' : ''}`}>
      <label htmlFor={id}>{props.label}</label>
      {props.children({ id, 'aria-invalid': props.error ? true : undefined, 'aria-describedby': describedBy })}
      {props.hint && <small id={`${id}-hint`}>{props.hint}</small>}
      {props.error && (
        <small id={`${id}-error`} className="error">
          {props.error}
        </small>
      )}
    </div>
  );
}

export function Check(props: { label: string; checked: boolean; onChange(checked: boolean): void; hint?: string }) {
  return (
    <label className="checkbox" title={props.hint}>
      <input type="checkbox" checked={props.checked} onChange={(e) => props.onChange(e.target.checked)} />
      {props.label}
    </label>
  );
}
