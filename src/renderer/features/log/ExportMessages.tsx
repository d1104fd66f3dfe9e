import type { MessageExportFormat } from '../../../shared/contract/messageExport';
import { MESSAGE_EXPORT_PATH } from '../../../shared/contract/messageExport';
import type { MessageQuery } from '../../../shared/domain/messageQuery';
import { useTranslation } from 'react-i18next';

const FORMATS: MessageExportFormat[] = ['jsonl', 'csv'];

/**
 * Download links for every kept message that matches the log's current search. Plain links with
 * `download`: the engine streams the file and the browser (or Electron's save dialog) writes it
 * to disk, so even a million messages never pass through the UI's memory. The URL is relative
 * to the page, so it resolves under browser mode's /s/<token>/ and under app://qoscope/ alike.
 */
export function ExportMessages({ connectionId, query }: { connectionId: string; query: MessageQuery }) {
  const { t } = useTranslation();
  const filtered = Boolean(query.text || query.topicFilter || query.direction);
  return (
    <span className="log-export">
      <span aria-hidden="true">{t('log.export.title')}</span>
      {FORMATS.map((format) => {
        const label = t(`log.export.${format}`);
        return (
          <a
            key={format}
            href={exportHref(connectionId, query, format)}
            download
            aria-label={t('log.export.label', { format: label })}
            title={filtered ? t('log.export.matching', { format: label }) : t('log.export.every', { format: label })}
          >
            {label}
          </a>
        );
      })}
    </span>
  );
}

function exportHref(connectionId: string, query: MessageQuery, format: MessageExportFormat): string {
  const params = new URLSearchParams({ connection: connectionId, format });
  if (query.text) params.set('text', query.text);
  if (query.topicFilter) params.set('topicFilter', query.topicFilter);
  if (query.direction) params.set('direction', query.direction);
  return `.${MESSAGE_EXPORT_PATH}?${params.toString()}`;
}
