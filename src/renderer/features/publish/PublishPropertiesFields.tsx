import { useTranslation } from 'react-i18next';
import type { PropertyField, PublishPropertiesDraft } from '../../../shared/mqtt/publishProperties';

type Props = {
  draft: PublishPropertiesDraft;
  onChange(draft: PublishPropertiesDraft): void;
  errors: Partial<Record<PropertyField, string>>;
  /** Why the properties cannot be used on this connection (3.1.1), or undefined. */
  disabledReason?: string;
};

/** MQTT 5 PUBLISH properties as a collapsible group; each problem is shown at its field. */
export function PublishPropertiesFields({ draft, onChange, errors, disabledReason }: Props) {
  const { t } = useTranslation();
  const set = (patch: Partial<PublishPropertiesDraft>) => onChange({ ...draft, ...patch });
  const rows = draft.userProperties;
  const setRow = (index: number, patch: Partial<{ name: string; value: string }>) => set({ userProperties: rows.map((row, i) => (i === index ? { ...row, ...patch } : row)) });
  const text = (field: 'contentType' | 'responseTopic' | 'messageExpiry' | 'topicAlias', label: string, placeholder: string) => (
    <div className="field">
      <label htmlFor={`publish-prop-${field}`}>{label}</label>
      <input
        id={`publish-prop-${field}`}
        value={draft[field]}
        placeholder={placeholder}
        aria-invalid={errors[field] ? true : undefined}
        aria-describedby={errors[field] ? `publish-prop-${field}-error` : undefined}
        onChange={(e) => set({ [field]: e.target.value })}
      />
      {errors[field] && (
        <small id={`publish-prop-${field}-error`} className="error">
          {errors[field]}
        </small>
      )}
    </div>
  );
  return (
    <details className="publish-properties">
      <summary>{t('publish.properties.title')}</summary>
      {disabledReason && <p className="hint">{disabledReason}</p>}
      <fieldset disabled={disabledReason !== undefined} aria-label={t('publish.properties.title')}>
        {text('contentType', t('publish.properties.contentType'), 'application/json')}
        {text('responseTopic', t('publish.properties.responseTopic'), 'replies/me')}
        <div className="field">
          <label htmlFor="publish-prop-correlation">{t('publish.properties.correlationData')}</label>
          <div className="inline-form">
            <input
              id="publish-prop-correlation"
              value={draft.correlationData}
              aria-invalid={errors.correlationData ? true : undefined}
              aria-describedby={errors.correlationData ? 'publish-prop-correlation-error' : undefined}
              onChange={(e) => set({ correlationData: e.target.value })}
            />
            <select aria-label={t('publish.properties.correlationAs')} value={draft.correlationFormat} onChange={(e) => set({ correlationFormat: e.target.value === 'hex' ? 'hex' : 'text' })}>
              <option value="text">{t('publish.properties.asText')}</option>
              <option value="hex">{t('publish.properties.asHex')}</option>
            </select>
          </div>
          {errors.correlationData && (
            <small id="publish-prop-correlation-error" className="error">
              {errors.correlationData}
            </small>
          )}
        </div>
        {text('messageExpiry', t('publish.properties.messageExpiry'), t('publish.properties.never'))}
        {text('topicAlias', t('publish.properties.topicAlias'), t('publish.properties.none'))}
        <label className="checkbox">
          <input type="checkbox" checked={draft.payloadFormatIndicator} onChange={(e) => set({ payloadFormatIndicator: e.target.checked })} />
          {t('publish.properties.formatIndicator')}
        </label>
        <table aria-label={t('publish.properties.userProperties')}>
          <thead>
            <tr>
              <th>{t('publish.properties.name')}</th>
              <th>{t('publish.properties.value')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={i}>
                <td>
                  <input aria-label={t('publish.properties.rowName', { n: i + 1 })} value={row.name} onChange={(e) => setRow(i, { name: e.target.value })} />
                </td>
                <td>
                  <input aria-label={t('publish.properties.rowValue', { n: i + 1 })} value={row.value} onChange={(e) => setRow(i, { value: e.target.value })} />
                </td>
                <td>
                  <button type="button" onClick={() => set({ userProperties: rows.filter((_, j) => j !== i) })}>
                    {t('publish.properties.remove', { n: i + 1 })}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {errors.userProperties && (
          <small className="error" role="alert">
            {errors.userProperties}
          </small>
        )}
        <button type="button" onClick={() => set({ userProperties: [...rows, { name: '', value: '' }] })}>
          {t('publish.properties.add')}
        </button>
      </fieldset>
    </details>
  );
}
