import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { Preset } from '../../../../shared/contract/profiles';
import type { ConnectionInfo } from '../../../../shared/domain/connection';
import { DEFAULT_PORTS, profileErrors, randomClientId, type ConnectionProfile, type ProtocolVersion, type Transport } from '../../../../shared/domain/profile';
import { useEngine } from '../../../services/engine';
import { byteCount } from '../../../../shared/payload/byteCount';
import { useAppStore } from '../../../store';
import { Check, Field } from '../../../components/Field';
import { initialValues, toProfile, type FormValues } from './formModel';
import { MqttFiveSection, TlsSection, WillSection } from './sections';

type Props = { existing: ConnectionInfo | undefined; template?: Omit<ConnectionProfile, 'clientId'> };

/**
 * Create or edit a profile. Every field is checked as the user types (after first leaving it, or
 * after a save attempt) by the same rules the engine enforces; nothing half-valid is saved.
 */
export function ConnectionForm({ existing, template }: Props) {
  const { connections, profiles, messages } = useEngine();
  const edit = useAppStore((s) => s.edit);
  const select = useAppStore((s) => s.select);
  const startDelete = useAppStore((s) => s.startDelete);
  const [values, setValues] = useState<FormValues>(() => initialValues(existing?.profile ?? template));
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [submitted, setSubmitted] = useState(false);
  const [saveError, setSaveError] = useState<string>();
  const [fileErrors, setFileErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const [presets, setPresets] = useState<Preset[]>([]);
  const [preset, setPreset] = useState<Preset>();
  const keep = { password: Boolean(existing?.profile.hasPassword), passphrase: Boolean(existing?.profile.hasPassphrase) };
  const { profile, errors: parseErrors } = useMemo(() => toProfile(values, keep), [values, keep.password, keep.passphrase]);
  const errors = { ...profileErrors({ ...profile, password: profile.password ?? '' }), ...parseErrors, ...fileErrors };
  const shown = (path: string, touchKey = path) => (submitted || touched[touchKey] ? errors[path] : undefined);
  const set = <K extends keyof FormValues>(field: K, value: FormValues[K]) => setValues((v) => ({ ...v, [field]: value }));
  const blur = (key: string) => () => setTouched((t) => ({ ...t, [key]: true }));
  const isV5 = values.protocolVersion === 5;
  const tlsTransport = values.transport === 'mqtts' || values.transport === 'wss';

  // Files are the engine's to read: check them when TLS settings change (debounced).
  useEffect(() => {
    if (!tlsTransport) return setFileErrors({});
    const tls = profile.tls as Parameters<typeof profiles.checkTlsFiles>[0] | undefined;
    if (!tls) return;
    const timer = setTimeout(() => void profiles.checkTlsFiles(tls).then(setFileErrors, () => undefined), 300);
    return () => clearTimeout(timer);
  }, [tlsTransport, values.caFiles, values.certFile, values.keyFile, values.passphrase]);

  useEffect(() => {
    if (!existing) void profiles.presets().then(setPresets, () => undefined);
  }, [existing, profiles]);

  function startFrom(id: string) {
    const chosen = presets.find((p) => p.id === id);
    setPreset(chosen);
    setValues(initialValues(chosen?.profile));
    setTouched({});
    setSubmitted(false);
  }

  function changeTransport(transport: Transport) {
    // Follow the usual port for the transport unless the user typed their own.
    setValues((v) => ({ ...v, transport, port: v.port === String(DEFAULT_PORTS[v.transport]) ? String(DEFAULT_PORTS[transport]) : v.port }));
  }

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
    // Its history on disk goes with it: the question says how much.
    const history = (await messages.stats(existing.id).catch(() => undefined))?.history;
    const what =
      history && history.diskMessages > 0
        ? `, its saved subscriptions and its history on disk (${history.diskMessages.toLocaleString()} messages, ${byteCount(history.diskBytes)})`
        : ' and its saved subscriptions';
    if (!window.confirm(`Delete the connection "${existing.profile.name}"${what}?\n\nYou can undo this for a few seconds.`)) return;
    try {
      // A deleted connection stops receiving now; it is removed for good once undo is no longer offered.
      await connections.disconnect(existing.id);
      // Only the last delete can be undone: an earlier one still waiting becomes final now.
      const earlier = useAppStore.getState().pendingDelete;
      if (earlier) await connections.remove(earlier.id);
      startDelete(existing.id, existing.profile.name);
    } catch (error) {
      setSaveError((error as Error).message);
    }
  }

  const title = existing ? `Edit ${existing.profile.name}` : 'New connection';
  return (
    <form className="connection-form" aria-label={title} onSubmit={save} noValidate>
      <h2>{title}</h2>
      {!existing && presets.length > 0 && (
        <div className="preset-row">
          <Field label="Start from" hint={preset?.note}>
            {(p) => (
              <select {...p} value={preset?.id ?? ''} onChange={(e) => startFrom(e.target.value)}>
                <option value="">Blank</option>
                {presets.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
      )}
      <fieldset>
        <legend>Broker</legend>
        <div className="form-grid">
          <Field label="Name" error={shown('name')}>
            {(p) => <input {...p} value={values.name} onChange={(e) => set('name', e.target.value)} onBlur={blur('name')} />}
          </Field>
          <Field label="Transport" error={shown('transport')}>
            {(p) => (
              <select {...p} value={values.transport} onChange={(e) => changeTransport(e.target.value as Transport)}>
                <option value="mqtt">mqtt:// (TCP)</option>
                <option value="mqtts">mqtts:// (TLS)</option>
                <option value="ws">ws:// (WebSocket)</option>
                <option value="wss">wss:// (WebSocket over TLS)</option>
              </select>
            )}
          </Field>
          <Field label="Host" error={shown('host')}>
            {(p) => <input {...p} value={values.host} onChange={(e) => set('host', e.target.value)} onBlur={blur('host')} placeholder="127.0.0.1" />}
          </Field>
          <Field label="Port" error={shown('port')}>
            {(p) => <input {...p} inputMode="numeric" value={values.port} onChange={(e) => set('port', e.target.value)} onBlur={blur('port')} />}
          </Field>
          {(values.transport === 'ws' || values.transport === 'wss') && (
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
        </div>
      </fieldset>

      <fieldset>
        <legend>Identity</legend>
        <div className="form-grid">
          <Field label="Client ID" error={shown('clientId')} hint={isV5 ? 'Empty lets the broker assign one.' : 'Empty lets the broker assign one (needs clean session).'}>
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
          <Field label="Password" error={shown('password')} hint={keep.password ? 'Leave empty to keep the saved password.' : undefined}>
            {(p) => <input {...p} type="password" autoComplete="new-password" value={values.password} onChange={(e) => set('password', e.target.value)} />}
          </Field>
        </div>
      </fieldset>

      <fieldset>
        <legend>Session</legend>
        <div className="form-grid">
          <Check label={isV5 ? 'Clean start' : 'Clean session'} checked={values.clean} onChange={(c) => set('clean', c)} />
          {isV5 && (
            <Field label="Session expiry (s)" error={shown('sessionExpiryInterval')} hint="How long the broker keeps the session after you disconnect; empty or 0 = not at all.">
              {(p) => <input {...p} inputMode="numeric" value={values.sessionExpiryInterval} onChange={(e) => set('sessionExpiryInterval', e.target.value)} onBlur={blur('sessionExpiryInterval')} />}
            </Field>
          )}
          <Field label="Keepalive (s)" error={shown('keepalive')}>
            {(p) => <input {...p} inputMode="numeric" value={values.keepalive} onChange={(e) => set('keepalive', e.target.value)} onBlur={blur('keepalive')} />}
          </Field>
          <Field label="Connect timeout (s)" error={shown('connectTimeout')} hint="Empty = 10 s.">
            {(p) => <input {...p} inputMode="numeric" value={values.connectTimeout} onChange={(e) => set('connectTimeout', e.target.value)} onBlur={blur('connectTimeout')} />}
          </Field>
          <Check label="Reconnect automatically" checked={values.reconnect} onChange={(c) => set('reconnect', c)} />
          {values.reconnect && (
            <>
              <Field label="First retry after (s)" error={shown('reconnect.minDelay', 'reconnectMin')}>
                {(p) => <input {...p} inputMode="numeric" value={values.reconnectMin} onChange={(e) => set('reconnectMin', e.target.value)} onBlur={blur('reconnectMin')} />}
              </Field>
              <Field label="Longest wait (s)" error={shown('reconnect.maxDelay', 'reconnectMax')} hint="The wait doubles after each failed attempt, up to this.">
                {(p) => <input {...p} inputMode="numeric" value={values.reconnectMax} onChange={(e) => set('reconnectMax', e.target.value)} onBlur={blur('reconnectMax')} />}
              </Field>
            </>
          )}
          <Check label="Resubscribe after reconnecting" checked={values.resubscribe} onChange={(c) => set('resubscribe', c)} hint="When the broker kept no session, subscribe again to the same filters." />
          <Check label="Keep history on disk" checked={values.history} onChange={(c) => set('history', c)} hint="Messages survive a restart of QoScope. Off: kept in memory only, and the history on disk is deleted." />
        </div>
      </fieldset>

      <WillSection values={values} set={set} shown={shown} blur={blur} />
      {tlsTransport && <TlsSection values={values} set={set} shown={shown} blur={blur} keepPassphrase={keep.passphrase} />}
      {isV5 && <MqttFiveSection values={values} set={set} shown={shown} blur={blur} />}

      {submitted && Object.keys(errors).length > 0 && (
        <p role="alert" className="error">
          Not saved: {Object.keys(errors).length === 1 ? 'one field needs' : `${Object.keys(errors).length} fields need`} attention.
        </p>
      )}
      {saveError && (
        <p role="alert" className="error">
          {saveError}
        </p>
      )}
      {/* Pressing a button here must not blur the field being typed in first: its error would
          appear, push the buttons down before the mouse is released, and the click would be lost.
          Save shows every error anyway. */}
      <div className="form-actions" onMouseDown={(event) => event.target instanceof HTMLButtonElement && event.preventDefault()}>
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
