import { useState } from 'react';
import { useEngine } from '../../services/engine';
import { saveExport } from '../../components/saveExport';
import { useLocale } from '../useLocale';

/** A payload the UI holds only the start of: say so, and save the exact bytes from the engine. */
export function LargePayloadActions(props: { connectionId: string; topic: string; seq: number; size: number; preview: number }) {
  const { connections } = useEngine();
  const { t, number } = useLocale();
  const [status, setStatus] = useState<string>();

  async function save() {
    setStatus(t('topics.large.fetching'));
    try {
      const bytes = await connections.payload(props.connectionId, props.seq);
      if (!bytes) {
        setStatus(t('details.dropped'));
        return;
      }
      const name = `${props.topic.replace(/[^\w.-]+/g, '_') || 'payload'}-${props.seq}.bin`;
      saveExport({ fileName: name, mediaType: 'application/octet-stream', bytes });
      setStatus(t('topics.large.saved', { count: bytes.byteLength, n: number(bytes.byteLength) }));
    } catch (error) {
      setStatus((error as Error).message);
    }
  }

  return (
    <p className="large-payload">
      {t('topics.large.showing', { preview: number(props.preview), size: number(props.size) })}{' '}
      <button type="button" onClick={() => void save()}>
        {t('topics.large.save')}
      </button>{' '}
      {status && <span role="status">{status}</span>}
    </p>
  );
}
