import { useId, useState, type FormEvent, type ReactNode } from 'react';
import type { ConnectionInfo } from '../../../shared/domain/connection';
import {
  DEFAULT_PROFILE,
  profileErrors,
  randomClientId,
  type ConnectionProfile,
  type ProfileField,
  type ProtocolVersion,
  type Transport,
} from '../../../shared/domain/profile';
import { useEngine } from '../../services/engine';
import { useAppStore } from '../../store';

/** What the inputs hold: text for numbers, so a half-typed value can be shown and explained. */
type FormValues = Omit<ConnectionProfile, 'port' | 'keepalive' | 'password'> & {
  port: string;
  keepalive: string;
  password: string;
};

function initialValues(existing: ConnectionInfo | undefined): FormValues {
  const base = existing?.profile ?? { ...DEFAULT_PROFILE, clientId: randomClientId() };
  return {
    name: base.name,
    host: base.host,
    port: String(base.port),
    transport: base.transport,
    path: base.path,
    protocolVersion: base.protocolVersion,
    clientId: base.clientId,
    username: base.username,
    password: '',
    clean: base.clean,
    keepalive: String(base.keepalive),
  };
}

function toProfile(values: FormValues, keepPassword: boolean): Partial<ConnectionProfile> & Record<string, unknown> {
  const asNumber = (text: string) => (/^\s*-?\d+(\.\d+)?\s*$/.test(text) ? Number(text) : Number.NaN);
  const { password, ...rest } = values;
  return {
    ...rest,
    port: asNumber(values.port),
    keepalive: asNumber(values.keepalive),
    ...(password !== '' || !keepPassword ? { password } : {}),
  };
}

export function ConnectionForm({ existing }: { existing: ConnectionInfo | undefined }) {
  const { connections } = useEngine();
  const edit = useAppStore((s) => s.edit);
  const select = useAppStore((s) => s.select);
  const [values, setValues] = useState(() => initialValues(existing));
  const [touched, setTouched] = useState<Partial<Record<ProfileField, boolean>>>({});
  const [submitted, setSubmitted] = useState(false);
  const [saveError, setSaveError] = useState<string>();
  const [saving, setSaving] = useState(false);
  const keepPassword = Boolean(existing?.profile.hasPassword);
  const profile = toProfile(values, keepPassword);
  const errors = profileErrors({ ...profile, password: profile.password ?? '' });
  const shown = (field: ProfileField) => (submitted || touched[field] ? errors[field] : undefined);
  const set = <K extends keyof FormValues>(field: K, value: FormValues[K]) => setValues((v) => ({ ...v, [field]: value }));
  const blur = (field: ProfileField) => () => setTouched((t) => ({ ...t, [field]: true }));

  async function save(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    setSaveError(undefined);
    if (Object.keys(errors).length > 0) return;
    setSaving(true);
    try {
      const saved = existing
        ? await connections.update(existing.id, profile as ConnectionProfile)
        : await connections.create(profile as ConnectionProfile);
      select(saved.id);
    } catch (error) {
      setSaveError((error as Error).message);
    } finally {
      setSaving(false);
    }
  }

  async function remove() {
    if (!existing) return;
    try {
      await connections.remove(existing.id);
      edit(undefined);
    } catch (error) {
      setSaveError((error as Error).message);
    }
  }

  return (
    <form className="connection-form" aria-label={existing ? `Edit ${existing.profile.name}` : 'New connection'} onSubmit={save} noValidate>
      <h2>{existing ? `Edit ${existing.profile.name}` : 'New connection'}</h2>
      <div className="form-grid">
        <Field label="Name" error={shown('name')}>
          {(p) => <input {...p} value={values.name} onChange={(e) => set('name', e.target.value)} onBlur={blur('name')} />}
        </Field>
        <Field label="Host" error={shown('host')}>
          {(p) => <input {...p} value={values.host} onChange={(e) => set('host', e.target.value)} onBlur={blur('host')} placeholder="127.0.0.1" />}
        </Field>
        <Field label="Port" error={shown('port')}>
          {(p) => <input {...p} inputMode="numeric" value={values.port} onChange={(e) => set('port', e.target.value)} onBlur={blur('port')} />}
        </Field>
        <Field label="Transport" error={shown('transport')}>
          {(p) => (
            <select {...p} value={values.transport} onChange={(e) => set('transport', e.target.value as Transport)}>
              <option value="mqtt">mqtt:// (TCP)</option>
              <option value="ws">ws:// (WebSocket)</option>
            </select>
          )}
        </Field>
        {values.transport === 'ws' && (
          <Field label="WebSocket path" error={shown('path')}>
            {(p) => <input {...p} value={values.path} onChange={(e) => set('path', e.target.value)} onBlur={blur('path')} />}
          </Field>
        )}
        <Field label="MQTT version" error={shown('protocolVersion')}>
          {(p) => (
            <select {...p} value={values.protocolVersion} onChange={(e) => set('protocolVersion', Number(e.target.value) as ProtocolVersion)}>
              <option value={3}>3.1</option>
              <option value={4}>3.1.1</option>
              <option value={5}>5.0</option>
            </select>
          )}
        </Field>
        <Field label="Client ID" error={shown('clientId')} hint="Empty lets the broker assign one (needs clean session).">
          {(p) => (
            <div className="with-button">
              <input {...p} value={values.clientId} onChange={(e) => set('clientId', e.target.value)} onBlur={blur('clientId')} />
              <button type="button" onClick={() => set('clientId', randomClientId())}>
                Generate
              </button>
            </div>
          )}
        </Field>
        <Field label="Username" error={shown('username')}>
          {(p) => <input {...p} autoComplete="off" value={values.username} onChange={(e) => set('username', e.target.value)} />}
        </Field>
        <Field label="Password" error={shown('password')} hint={keepPassword ? 'Leave empty to keep the saved password.' : undefined}>
          {(p) => <input {...p} type="password" autoComplete="new-password" value={values.password} onChange={(e) => set('password', e.target.value)} />}
        </Field>
        <Field label="Keepalive (s)" error={shown('keepalive')}>
          {(p) => <input {...p} inputMode="numeric" value={values.keepalive} onChange={(e) => set('keepalive', e.target.value)} onBlur={blur('keepalive')} />}
        </Field>
        <label className="checkbox">
          <input type="checkbox" checked={values.clean} onChange={(e) => set('clean', e.target.checked)} />
          Clean session
        </label>
      </div>
      {saveError && <p role="alert" className="error">{saveError}</p>}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={saving}>
          Save
        </button>
        <button type="button" onClick={() => edit(undefined)}>
          Cancel
        </button>
        {existing && (
          <button type="button" className="danger" onClick={() => void remove()}>
            Delete connection
          </button>
        )}
      </div>
    </form>
  );
}

type FieldProps = { id: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string };

function Field(props: { label: string; error?: string; hint?: string; children: (p: FieldProps) => ReactNode }) {
  const id = useId();
  const describedBy = [props.error && `${id}-error`, props.hint && `${id}-hint`].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
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
