import { useState } from 'react';
import { useBrokerViewText } from './useBrokerViewText';
import type { BrokerSettingsPatch } from '../../../shared/contract/broker';
import type { AclRule } from '../../../shared/domain/brokerAccess';
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
      <MosquittoExportButtons />
    </div>
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
