import { useState } from 'react';
import { useBrokerViewText } from './useBrokerViewText';
import type { BrokerSettingsPatch } from '../../../shared/contract/broker';
import type { AclRule } from '../../../shared/domain/brokerAccess';
import { brokerTlsSettingsSchema, type BrokerTlsSettings } from '../../../shared/domain/brokerTls';
import { useAppStore } from '../../store';
import type { BrokerSettingsView } from '../../../shared/domain/brokerDashboard';
import { saveExport } from '../../components/saveExport';
import { useAction } from '../../components/useAction';
import { useRefreshing } from '../../components/useRefreshing';
import { useEngine } from '../../services/engine';
import { formatRules, parseRules } from './aclRulesText';

/** What the broker keeps, who may use it and on which topics, and the way out to mosquitto. */
export function BrokerSettings() {
  const { t } = useBrokerViewText();
  const { broker } = useEngine();
  const [version, setVersion] = useState(0);
  const { value: settings, error: loadError } = useRefreshing(() => broker.settingsView(), 'settings', version);
  const { run, error } = useAction();
  const apply = (patch: BrokerSettingsPatch) =>
    run(async () => {
      await broker.updateSettings(patch);
      setVersion((value) => value + 1);
    });

  if (!settings) return <p className="muted">{loadError ?? t('loading')}</p>;
  const toggle = (key: 'persist' | 'capture' | 'lan' | 'anonymous' | 'restrictTopics', label: string, hint: string) => (
    <label className="check">
      <input type="checkbox" checked={settings[key]} onChange={(event) => void apply({ [key]: event.target.checked })} />
      <span>{label}</span>
      <small className="muted">{hint}</small>
    </label>
  );

  return (
    <div className="broker-settings">
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <fieldset>
        <legend>{t('keeping')}</legend>
        {toggle('persist', t('persist'), settings.stateFile ? t('persistHint', { file: settings.stateFile }) : '')}
        {toggle('capture', t('capture'), t('captureHint'))}
      </fieldset>
      <fieldset>
        <legend>{t('access')}</legend>
        {toggle('anonymous', t('anonymous'), t('anonymousHint'))}
        {toggle('restrictTopics', t('restrictTopics'), t('restrictTopicsHint'))}
        {toggle('lan', t('lan'), t('lanHint'))}
        <Users settings={settings} onChanged={() => setVersion((value) => value + 1)} />
        <RulesField
          label={t('patterns')}
          hint={t('patternsHint')}
          initial={formatRules(settings.patterns)}
          onSave={(rules) => broker.updateSettings({ patterns: rules }).then(() => setVersion((value) => value + 1))}
        />
        <OriginsField settings={settings} onSave={(allowedOrigins) => broker.updateSettings({ allowedOrigins }).then(() => setVersion((value) => value + 1))} />
      </fieldset>
      <TlsSettings settings={settings} onSave={(tls) => broker.updateSettings({ tls }).then(() => setVersion((value) => value + 1))} />
      <MosquittoExportButtons />
    </div>
  );
}

/** MQTT and WebSocket over TLS: ports, and the certificate (made for this run, or the user's files). */
function TlsSettings({ settings, onSave }: { settings: BrokerSettingsView; onSave(tls: BrokerTlsSettings): Promise<void> }) {
  const { t } = useBrokerViewText();
  const { broker } = useEngine();
  const status = useAppStore((s) => s.broker);
  const [draft, setDraft] = useState({ ...settings.tls, mqttsPort: String(settings.tls.mqttsPort), wssPort: String(settings.tls.wssPort) });
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const { run, error } = useAction();
  const running = status.state === 'running' ? status.tls : undefined;
  const save = () => {
    const parsed = brokerTlsSettingsSchema.safeParse({ ...draft, mqttsPort: Number(draft.mqttsPort), wssPort: Number(draft.wssPort), certFile: draft.certFile?.trim(), keyFile: draft.keyFile?.trim() });
    if (!parsed.success) {
      setFieldErrors(Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0]), issue.message])));
      return;
    }
    setFieldErrors({});
    void run(() => onSave(parsed.data));
  };
  const field = (key: 'mqttsPort' | 'wssPort' | 'certFile' | 'keyFile', label: string) => (
    <label className="field">
      <span>{label}</span>
      <input
        value={draft[key] ?? ''}
        inputMode={key.endsWith('Port') ? 'numeric' : undefined}
        aria-invalid={fieldErrors[key] ? true : undefined}
        aria-describedby={fieldErrors[key] ? `broker-tls-${key}-error` : undefined}
        onChange={(event) => setDraft({ ...draft, [key]: event.target.value })}
      />
      {fieldErrors[key] && (
        <small id={`broker-tls-${key}-error`} className="error">
          {fieldErrors[key]}
        </small>
      )}
    </label>
  );
  return (
    <fieldset className="broker-tls">
      <legend>{t('tls')}</legend>
      <label className="check">
        <input type="checkbox" checked={draft.enabled} onChange={(event) => setDraft({ ...draft, enabled: event.target.checked })} />
        <span>{t('tlsEnabled')}</span>
      </label>
      {field('mqttsPort', t('tlsMqttsPort'))}
      {field('wssPort', t('tlsWssPort'))}
      <div role="radiogroup" aria-label={t('tlsCertificate')}>
        <label className="check">
          <input type="radio" name="broker-tls-source" checked={draft.source === 'generated'} onChange={() => setDraft({ ...draft, source: 'generated' })} />
          <span>{t('tlsGenerated')}</span>
        </label>
        <label className="check">
          <input type="radio" name="broker-tls-source" checked={draft.source === 'files'} onChange={() => setDraft({ ...draft, source: 'files' })} />
          <span>{t('tlsFiles')}</span>
        </label>
      </div>
      {draft.source === 'files' && (
        <>
          {field('certFile', t('tlsCertFile'))}
          {field('keyFile', t('tlsKeyFile'))}
        </>
      )}
      <button type="button" onClick={save}>
        {t('tlsApply')}
      </button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {status.state === 'stopped' && status.error && settings.tls.enabled && (
        <p role="alert" className="error">
          {status.error}
        </p>
      )}
      {running && (
        <div role="status" aria-label={t('tlsStatus')}>
          <p>{t('tlsRunning', { mqtts: running.mqttsPort, wss: running.wssPort })}</p>
          <p>
            {t('tlsFingerprint')} <code className="fingerprint">{running.fingerprint}</code>
          </p>
          <button
            type="button"
            onClick={() =>
              void run(async () => {
                const pem = await broker.tlsCertificate();
                if (pem) saveExport({ fileName: 'qoscope-broker.crt', bytes: new TextEncoder().encode(pem), mediaType: 'application/x-pem-file' });
              })
            }
          >
            {t('tlsSaveCertificate')}
          </button>
        </div>
      )}
    </fieldset>
  );
}

function Users({ settings, onChanged }: { settings: BrokerSettingsView; onChanged(): void }) {
  const { t } = useBrokerViewText();
  const { broker } = useEngine();
  const { run, error } = useAction();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [rulesText, setRulesText] = useState('');
  const [rulesError, setRulesError] = useState<string>();
  const existing = settings.users.find((user) => user.username === username);

  const save = () => {
    const parsed = parseRules(rulesText);
    if ('error' in parsed) return setRulesError(parsed.error);
    setRulesError(undefined);
    void run(async () => {
      await broker.saveUser({ username, ...(password ? { password } : {}), rules: parsed.rules });
      setUsername('');
      setPassword('');
      setRulesText('');
      onChanged();
    });
  };

  return (
    <div className="broker-users">
      <h4 id="broker-users-title">{t('users')}</h4>
      {settings.users.length === 0 ? (
        <p className="muted">{t('noUsers')}</p>
      ) : (
        <ul aria-labelledby="broker-users-title">
          {settings.users.map((user) => (
            <li key={user.username}>
              <button type="button" className="link" onClick={() => (setUsername(user.username), setPassword(''), setRulesText(formatRules(user.rules)))}>
                {user.username}
              </button>
              <span className="muted"> {user.rules.map((rule) => `${rule.access} ${rule.pattern}`).join(', ')}</span>
              <button type="button" aria-label={t('removeUser', { name: user.username })} onClick={() => void run(async () => (await broker.removeUser(user.username), onChanged()))}>
                {t('removeShort')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        className="broker-user-form"
        aria-label={t('userForm')}
        onSubmit={(event) => {
          event.preventDefault();
          save();
        }}
      >
        <label className="field">
          <span>{t('username')}</span>
          <input value={username} onChange={(event) => setUsername(event.target.value)} autoComplete="off" required />
        </label>
        <label className="field">
          <span>{existing ? t('newPassword') : t('password')}</span>
          <input type="password" value={password} onChange={(event) => setPassword(event.target.value)} autoComplete="new-password" />
        </label>
        <label className="field">
          <span>{t('userRules')}</span>
          <textarea value={rulesText} rows={3} placeholder="readwrite devices/%u/#" aria-invalid={rulesError ? true : undefined} aria-describedby={rulesError ? 'broker-user-rules-error' : undefined} onChange={(event) => setRulesText(event.target.value)} />
        </label>
        {rulesError && (
          <p id="broker-user-rules-error" role="alert" className="error">
            {rulesError}
          </p>
        )}
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit">{existing ? t('saveUser') : t('addUser')}</button>
      </form>
    </div>
  );
}

function RulesField({ label, hint, initial, onSave }: { label: string; hint: string; initial: string; onSave(rules: AclRule[]): Promise<void> }) {
  const { t } = useBrokerViewText();
  const [text, setText] = useState(initial);
  const [fieldError, setFieldError] = useState<string>();
  const { run, error } = useAction();
  return (
    <div className="field">
      <label>
        <span>{label}</span>
        <textarea value={text} rows={3} aria-invalid={fieldError ? true : undefined} onChange={(event) => setText(event.target.value)} />
      </label>
      <small className="muted">{hint}</small>
      {(fieldError ?? error) && (
        <p role="alert" className="error">
          {fieldError ?? error}
        </p>
      )}
      <button
        type="button"
        onClick={() => {
          const parsed = parseRules(text);
          if ('error' in parsed) return setFieldError(parsed.error);
          setFieldError(undefined);
          void run(() => onSave(parsed.rules));
        }}
      >
        {t('savePatterns')}
      </button>
    </div>
  );
}

function OriginsField({ settings, onSave }: { settings: BrokerSettingsView; onSave(origins: string[]): Promise<void> }) {
  const { t } = useBrokerViewText();
  const [text, setText] = useState(settings.allowedOrigins.join('\n'));
  const { run, error } = useAction();
  return (
    <div className="field">
      <label>
        <span>{t('origins')}</span>
        <textarea value={text} rows={2} placeholder="http://localhost:3000" onChange={(event) => setText(event.target.value)} />
      </label>
      <small className="muted">{t('originsHint')}</small>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="button" onClick={() => void run(() => onSave(text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean)))}>
        {t('saveOrigins')}
      </button>
    </div>
  );
}

function MosquittoExportButtons() {
  const { t } = useBrokerViewText();
  const { broker } = useEngine();
  const { run, error } = useAction();
  const save = (name: 'mosquitto.conf' | 'passwd' | 'acl') =>
    run(async () => {
      const files = await broker.exportMosquitto();
      saveExport({ fileName: name, bytes: new TextEncoder().encode(files[name]), mediaType: 'text/plain' });
    });
  return (
    <fieldset>
      <legend>{t('export')}</legend>
      <p className="muted">{t('exportHint')}</p>
      {(['mosquitto.conf', 'passwd', 'acl'] as const).map((name) => (
        <button key={name} type="button" onClick={() => void save(name)}>
          {t('saveFile', { name })}
        </button>
      ))}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </fieldset>
  );
}
