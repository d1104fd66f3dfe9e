import { useState } from 'react';
import type { ConnectionInfo } from '../../../shared/domain/connection';
import { publishTemplateSchema, type PublishTemplate } from '../../../shared/domain/publishTemplate';
import { useAction } from '../../components/useAction';
import { useEngine } from '../../services/engine';
import { useAppStore } from '../../store';
import { useTranslation } from 'react-i18next';

/**
 * Messages kept with the connection to send again: *Use* puts one in the composer, the composer's
 * message is saved under a name (the same name replaces it), and a template can be deleted.
 */
export function PublishTemplates({ connection, current }: { connection: ConnectionInfo; current: Omit<PublishTemplate, 'name'> }) {
  const { t } = useTranslation();
  const { connections } = useEngine();
  const fillComposer = useAppStore((s) => s.fillComposer);
  const templates = connection.profile.templates ?? [];
  const [chosen, setChosen] = useState('');
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string>();
  const [saved, setSaved] = useState<string>();
  const action = useAction();
  const selected = templates.find((template) => template.name === chosen);

  function save() {
    setSaved(undefined);
    const parsed = publishTemplateSchema.safeParse({ ...current, name });
    if (!parsed.success) {
      setProblem(parsed.error.issues.map((issue) => issue.message).join('; '));
      return;
    }
    setProblem(undefined);
    void action.run(async () => {
      await connections.saveTemplate(connection.id, parsed.data);
      setChosen(parsed.data.name);
      setName('');
      setSaved(t('publish.templates.saved', { name: parsed.data.name }));
    });
  }

  return (
    <details className="publish-templates">
      <summary>{t('publish.templates.title', { count: templates.length })}</summary>
      <div className="inline-form">
        <select aria-label={t('publish.templates.choose')} value={chosen} onChange={(e) => setChosen(e.target.value)}>
          <option value="">{templates.length ? t('publish.templates.none') : t('publish.templates.empty')}</option>
          {templates.map((template) => (
            <option key={template.name} value={template.name}>
              {template.name}
            </option>
          ))}
        </select>
        <button type="button" disabled={!selected} onClick={() => selected && fillComposer({ connectionId: connection.id, ...selected })}>
          {t('publish.templates.use')}
        </button>
        <button
          type="button"
          disabled={!selected}
          onClick={() =>
            selected &&
            void action.run(async () => {
              await connections.deleteTemplate(connection.id, selected.name);
              setChosen('');
              setSaved(t('publish.templates.deleted', { name: selected.name }));
            })
          }
        >
          {t('publish.templates.delete')}
        </button>
      </div>
      <div className="inline-form">
        <div className="field">
          <label htmlFor="publish-template-name">{t('publish.templates.name')}</label>
          <input
            id="publish-template-name"
            value={name}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? 'publish-template-problem' : undefined}
            onChange={(e) => (setName(e.target.value), setProblem(undefined))}
          />
        </div>
        <button type="button" onClick={save}>
          {t('publish.templates.save')}
        </button>
      </div>
      {problem && (
        <small id="publish-template-problem" className="error">
          {problem}
        </small>
      )}
      {saved && <p role="status">{saved}</p>}
      {action.error && (
        <p role="alert" className="error">
          {action.error}
        </p>
      )}
    </details>
  );
}
