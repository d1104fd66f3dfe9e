import { useEffect, useRef, useState } from 'react';
import type { ImportSummary, StorageStatus } from '../../../shared/contract/profiles';
import { useEngine } from '../../services/engine';
import { saveExport } from '../../components/saveExport';
import { useAction } from '../../components/useAction';
import { connectionFileCommands } from '../../services/desktopCommands';
import { useTranslation } from 'react-i18next';

/** Where connections and passwords are kept, and import/export, in the sidebar. */
export function SavedConnectionsPanel() {
  const { t } = useTranslation();
  const { profiles } = useEngine();
  const [storage, setStorage] = useState<StorageStatus>();
  const [summary, setSummary] = useState<ImportSummary>();
  const { run, error } = useAction();
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    void profiles.storage().then(setStorage, () => undefined);
    const listener = profiles.onDidChangeStorage(setStorage);
    return () => listener.dispose();
  }, [profiles]);


  // The desktop app's File menu: its open dialog has read the file; export does what the button does.
  useEffect(() => {
    const listener = connectionFileCommands.event((command) => {
      if (command.command === 'importConnections') void run(async () => setSummary(await profiles.importProfiles(command.text)));
      else void run(async () => saveExport(await profiles.exportProfiles(false)));
    });
    return () => listener.dispose();
  }, [profiles, run]);

  async function importFile(file: File) {
    await run(async () => {
      setSummary(await profiles.importProfiles(await file.text()));
    });
  }

  function allowPlaintext() {
    const ok = window.confirm(t('saved.confirmPlaintext'));
    if (ok) void run(async () => setStorage(await profiles.setPlaintextSecrets(true)));
  }

  return (
    <section className="saved-panel" aria-labelledby="saved-title">
      <h2 id="saved-title">{t('saved.title')}</h2>
      {storage && (
        <p className={storage.secretsPersistent ? 'muted' : 'warning'} role="status" aria-label={t('saved.passwordStorage')}>
          {storage.secrets}
        </p>
      )}
      {storage?.notices.map((notice) => (
        <p key={notice} role="alert" className="warning">
          {notice}
        </p>
      ))}
      <div className="button-row">
        <button type="button" onClick={() => fileInput.current?.click()}>
          {t('saved.import')}
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          aria-label={t('saved.importFile')}
          hidden
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void importFile(file);
            e.target.value = '';
          }}
        />
        <button type="button" onClick={() => void run(async () => saveExport(await profiles.exportProfiles(false)))}>
          {t('saved.export')}
        </button>
        <button
          type="button"
          onClick={() => {
            if (window.confirm(t('saved.confirmExportSecrets'))) {
              void run(async () => saveExport(await profiles.exportProfiles(true)));
            }
          }}
        >
          {t('saved.exportWithPasswords')}
        </button>
        {storage && !storage.secretsPersistent && !storage.plaintextSecrets && (
          <button type="button" onClick={allowPlaintext}>
            {t('saved.keepPlaintext')}
          </button>
        )}
      </div>
      {summary && (
        <p role="status" className="ok">
          {t('saved.imported', { count: summary.imported.length })}
          {summary.skipped.length > 0 ? `; ${summary.skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}` : ''}
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
