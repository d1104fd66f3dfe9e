import { useState } from 'react';
import { useEngine } from '../../services/engine';
import { saveExport } from '../../components/saveExport';

/** A payload the UI holds only the start of: say so, and save the exact bytes from the engine. */
export function LargePayloadActions(props: { connectionId: string; topic: string; seq: number; size: number; preview: number }) {
  const { connections } = useEngine();
  const [status, setStatus] = useState<string>();

  async function save() {
    setStatus('Fetching the payload…');
    try {
      const bytes = await connections.payload(props.connectionId, props.seq);
      if (!bytes) {
        setStatus('The engine no longer keeps this message: its store dropped it to stay within the limits.');
        return;
      }
      const name = `${props.topic.replace(/[^\w.-]+/g, '_') || 'payload'}-${props.seq}.bin`;
      saveExport({ fileName: name, mediaType: 'application/octet-stream', bytes });
      setStatus(`Saved ${bytes.byteLength.toLocaleString()} bytes.`);
    } catch (error) {
      setStatus((error as Error).message);
    }
  }

  return (
    <p className="large-payload">
      Showing the first {props.preview.toLocaleString()} of {props.size.toLocaleString()} bytes.{' '}
      <button type="button" onClick={() => void save()}>
        Save payload…
      </button>{' '}
      {status && <span role="status">{status}</span>}
    </p>
  );
}
