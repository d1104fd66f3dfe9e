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
import { useLocale } from '../../useLocale';

type Props = { existing: ConnectionInfo | undefined; template?: Omit<ConnectionProfile, 'clientId'> };

/**
 * Create or edit a profile. Every field is checked as the user types (after first leaving it, or
 * after a save attempt) by the same rules the engine enforces; nothing half-valid is saved.
 */
export function ConnectionForm({ existing, template }: Props) {
  const { t, number } = useLocale();
  const { connections, profiles, messages } = useEngine();
  const edit = useAppStore((s) => s.edit);
  const select = useAppStore((s) => s.select);
  const startDelete = useAppStore((s) => s.startDelete);
  // A blank form's suggested name is in the user's language; a preset or saved profile keeps its own.
  const startValues = (profile?: Parameters<typeof initialValues>[0]) => (profile ? initialValues(profile) : { ...initialValues(undefined), name: t('form.defaultName') });
  const [values, setValues] = useState<FormValues>(() => startValues(existing?.profile ?? template));
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [submitted, setSubmitted] = useState(false);
  const [saveError, setSaveError] = useState<string>();
  const [fileErrors, setFileErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const [presets, setPresets] = useState<Preset[]>([]);
  const [preset, setPreset] = useState<Preset>();
  const keep = { password: Boolean(existing?.profile.hasPassword), passphrase: Boolean(existing?.profile.hasPassphrase) };
  const { profile, errors: parseErrors } = useMemo(() => toProfile(values, keep, t), [values, keep.password, keep.passphrase, t]);
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
    setValues(startValues(chosen?.profile));
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
    const question =
      history && history.diskMessages > 0
        ? t('form.confirmDeleteWithHistory', { name: existing.profile.name, messages: number(history.diskMessages), size: byteCount(history.diskBytes) })
        : t('form.confirmDelete', { name: existing.profile.name });
    if (!window.confirm(question)) return;
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

  const title = existing ? t('form.editTitle', { name: existing.profile.name }) : t('form.newTitle');
  return (
    <form className="connection-form" aria-label={title} onSubmit={save} noValidate>
      <h2>{title}</h2>
      {!existing && presets.length > 0 && (
        <div className="preset-row">
          <Field label={t('form.startFrom')} hint={preset?.note}>
            {(p) => (
              <select {...p} value={preset?.id ?? ''} onChange={(e) => startFrom(e.target.value)}>
                <option value="">{t('form.blank')}</option>
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
        <legend>{t('form.broker')}</legend>
        <div className="form-grid">
          <Field label={t('form.name')} error={shown('name')}>
            {(p) => <input {...p} value={values.name} onChange={(e) => set('name', e.target.value)} onBlur={blur('name')} />}
          </Field>
          <Field label={t('form.transport')} error={shown('transport')}>
            {(p) => (
              <select {...p} value={values.transport} onChange={(e) => changeTransport(e.target.value as Transport)}>
                <option value="mqtt">{t('form.transports.mqtt')}</option>
                <option value="mqtts">{t('form.transports.mqtts')}</option>
                <option value="ws">{t('form.transports.ws')}</option>
                <option value="wss">{t('form.transports.wss')}</option>
              </select>
            )}
          </Field>
          <Field label={t('form.host')} error={shown('host')}>
            {(p) => <input {...p} value={values.host} onChange={(e) => set('host', e.target.value)} onBlur={blur('host')} placeholder="127.0.0.1" />}
          </Field>
          <Field label={t('form.port')} error={shown('port')}>
            {(p) => <input {...p} inputMode="numeric" value={values.port} onChange={(e) => set('port', e.target.value)} onBlur={blur('port')} />}
          </Field>
          {(values.transport === 'ws' || values.transport === 'wss') && (
            <Field label={t('form.path')} error={shown('path')}>
              {(p) => <input {...p} value={values.path} onChange={(e) => set('path', e.target.value)} onBlur={blur('path')} />}
            </Field>
          )}
          <Field label={t('form.version')} error={shown('protocolVersion')}>
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
        <legend>{t('form.identity')}</legend>
        <div className="form-grid">
          <Field label={t('form.clientId')} error={shown('clientId')} hint={isV5 ? t('form.clientIdHint') : t('form.clientIdHintClean')}>
            {(p) => (
              <div className="with-button">
                <input {...p} value={values.clientId} onChange={(e) => set('clientId', e.target.value)} onBlur={blur('clientId')} />
                <button type="button" onClick={() => set('clientId', randomClientId())}>
                  {t('form.generate')}
                </button>
              </div>
            )}
          </Field>
          <Field label={t('form.username')} error={shown('username')}>
            {(p) => <input {...p} autoComplete="off" value={values.username} onChange={(e) => set('username', e.target.value)} />}
          </Field>
          <Field label={t('form.password')} error={shown('password')} hint={keep.password ? t('form.keepPassword') : undefined}>
            {(p) => <input {...p} type="password" autoComplete="new-password" value={values.password} onChange={(e) => set('password', e.target.value)} />}
          </Field>
        </div>
      </fieldset>

      <fieldset>
        <legend>{t('form.session')}</legend>
        <div className="form-grid">
          <Check label={isV5 ? t('form.cleanStart') : t('form.cleanSession')} checked={values.clean} onChange={(c) => set('clean', c)} />
          {isV5 && (
            <Field label={t('form.sessionExpiry')} error={shown('sessionExpiryInterval')} hint={t('form.sessionExpiryHint')}>
              {(p) => <input {...p} inputMode="numeric" value={values.sessionExpiryInterval} onChange={(e) => set('sessionExpiryInterval', e.target.value)} onBlur={blur('sessionExpiryInterval')} />}
            </Field>
          )}
          <Field label={t('form.keepalive')} error={shown('keepalive')}>
            {(p) => <input {...p} inputMode="numeric" value={values.keepalive} onChange={(e) => set('keepalive', e.target.value)} onBlur={blur('keepalive')} />}
          </Field>
          <Field label={t('form.connectTimeout')} error={shown('connectTimeout')} hint={t('form.connectTimeoutHint')}>
            {(p) => <input {...p} inputMode="numeric" value={values.connectTimeout} onChange={(e) => set('connectTimeout', e.target.value)} onBlur={blur('connectTimeout')} />}
          </Field>
          <Check label={t('form.reconnect')} checked={values.reconnect} onChange={(c) => set('reconnect', c)} />
          {values.reconnect && (
            <>
              <Field label={t('form.firstRetry')} error={shown('reconnect.minDelay', 'reconnectMin')}>
                {(p) => <input {...p} inputMode="numeric" value={values.reconnectMin} onChange={(e) => set('reconnectMin', e.target.value)} onBlur={blur('reconnectMin')} />}
              </Field>
              <Field label={t('form.longestWait')} error={shown('reconnect.maxDelay', 'reconnectMax')} hint={t('form.longestWaitHint')}>
                {(p) => <input {...p} inputMode="numeric" value={values.reconnectMax} onChange={(e) => set('reconnectMax', e.target.value)} onBlur={blur('reconnectMax')} />}
              </Field>
            </>
          )}
          <Check label={t('form.resubscribe')} checked={values.resubscribe} onChange={(c) => set('resubscribe', c)} hint={t('form.resubscribeHint')} />
          <Check label={t('form.history')} checked={values.history} onChange={(c) => set('history', c)} hint={t('form.historyHint')} />
        </div>
      </fieldset>

      <WillSection values={values} set={set} shown={shown} blur={blur} />
      {tlsTransport && <TlsSection values={values} set={set} shown={shown} blur={blur} keepPassphrase={keep.passphrase} />}
      {isV5 && <MqttFiveSection values={values} set={set} shown={shown} blur={blur} />}

      {submitted && Object.keys(errors).length > 0 && (
        <p role="alert" className="error">
          {t('form.notSaved', { count: Object.keys(errors).length })}
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
          {t('form.save')}
        </button>
        <button type="button" onClick={() => edit(undefined)}>
          {t('common.cancel')}
        </button>
        {existing && (
          <button type="button" className="danger" onClick={() => void remove()}>
            {t('form.delete')}
          </button>
        )}
      </div>
    </form>
  );
}
