import { memo, useEffect, useState } from 'react';
import type { MessageRecord } from '../../../shared/domain/message';
import { messageJson } from '../../../shared/domain/messageJson';
import { messagePropertyRows, userPropertyRows } from '../../../shared/domain/messagePropertyRows';
import { byteCount } from '../../../shared/payload/byteCount';
import type { ViewFormat } from '../../../shared/payload/codecs/codec';
import { toBase64 } from '../../../shared/payload/codecs/base64Codec';
import { likelyFormat } from '../../../shared/payload/codecs/payloadCodecs';
import { formatClock } from '../../components/formatTime';
import { useAction } from '../../components/useAction';
import { useEngine } from '../../services/engine';
import { PayloadFormatSelect } from '../publish/PayloadFormatSelect';
import { ProtobufSchemaPicker } from '../publish/ProtobufSchemaPicker';
import { usePayloadView } from './usePayloadView';
import { MessageActions } from './MessageActions';
import { useClipboard } from './useClipboard';

/** Beyond this many characters the pane shows the start; copying still takes everything. */
const SHOWN_CHARS = 200_000;

/**
 * One message in full, fetched from the engine's store: its header fields, every MQTT 5
 * property by name, and the payload in the format the user picks (hex, with the reason, when
 * the payload is not in that format).
 */
type MessageDetailsProps = {
  connectionId: string;
  seq: number;
  /** The format the user picked, kept by the log so it outlives the pane; undefined: from the message. */
  chosen: ViewFormat | undefined;
  onChoose(format: ViewFormat): void;
  onClose(): void;
};

export const MessageDetails = memo(function MessageDetails({ connectionId, seq, chosen, onChoose, onClose }: MessageDetailsProps) {
  const { messages } = useEngine();
  // undefined while loading; null once the store no longer keeps it.
  const [message, setMessage] = useState<MessageRecord | null>();
  const load = useAction();
  const { copy, status } = useClipboard();

  useEffect(() => {
    let current = true;
    setMessage(undefined);
    void load.run(async () => {
      const whole = await messages.message(connectionId, seq);
      if (current) setMessage(whole ?? null);
    });
    return () => {
      current = false;
    };
  }, [messages, connectionId, seq, load.run]);

  const format = message ? (chosen ?? likelyFormat(message.payload, message.properties?.contentType)) : 'text';
  const shown = usePayloadView(message?.payload, format);
  const properties = messagePropertyRows(message?.properties);
  const userProperties = userPropertyRows(message?.properties);
  const direction = message?.direction === 'out' ? 'Sent' : 'Received';

  return (
    <section
      className="message-details"
      aria-labelledby="message-details-title"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !event.defaultPrevented) onClose();
      }}
    >
      <div className="details-toolbar">
        <h3 id="message-details-title">Message details</h3>
        <button type="button" onClick={onClose} aria-label="Close message details" title="Close (Esc)">
          ×
        </button>
      </div>
      {load.error && (
        <p className="error" role="alert">
          {load.error}
        </p>
      )}
      {message === undefined && !load.error && <p className="muted">Loading…</p>}
      {message === null && <p className="muted">The engine no longer keeps this message: its store dropped it to stay within the limits.</p>}
      {message && (
        <div className="details-body">
          <div>
            <dl className="details-fields" aria-label="Message fields">
              <dt>Topic</dt>
              <dd className="mono">{message.topic}</dd>
              <dt>Time</dt>
              <dd title={new Date(message.time).toISOString()}>
                {new Date(message.time).toLocaleDateString()} {formatClock(message.time)}
              </dd>
              <dt>Direction</dt>
              <dd>{direction}</dd>
              <dt>QoS</dt>
              <dd>{message.qos}</dd>
              <dt>Retain</dt>
              <dd>{message.retain ? 'yes' : 'no'}</dd>
              <dt>DUP</dt>
              <dd>{message.dup ? 'yes' : 'no'}</dd>
              <dt>Size</dt>
              <dd>
                {byteCount(message.payload.byteLength)} ({message.payload.byteLength.toLocaleString()} bytes)
              </dd>
              {properties.map((row) => (
                <PropertyField key={row.name} name={row.name} value={row.value} />
              ))}
            </dl>
            {userProperties.length > 0 && (
              <table className="user-properties">
                <caption>User properties</caption>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Value</th>
                  </tr>
                </thead>
                <tbody>
                  {userProperties.map((row, i) => (
                    <tr key={i}>
                      <td>{row.name}</td>
                      <td>{row.value}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
          <div>
            <div className="details-payload-head">
              <PayloadFormatSelect id="details-format" label="Show payload as" value={format} onChange={onChoose} />
              {shown?.error && (
                <small className="error" role="alert" aria-label="Payload format problem">
                  {shown.error} — shown as hex.
                </small>
              )}
            </div>
            {format === 'protobuf' && <ProtobufSchemaPicker />}
            <pre className="details-payload" aria-label="Payload" tabIndex={0}>
              {shown ? clip(shown.text) : 'Decoding…'}
            </pre>
            <div className="details-actions" role="group" aria-label="Copy">
              <button type="button" onClick={() => void copy('the topic', message.topic)}>
                Copy topic
              </button>
              <button type="button" disabled={!shown} onClick={() => shown && void copy('the payload as shown', shown.text)}>
                Copy payload
              </button>
              <button type="button" onClick={() => void copy('the payload as base64', toBase64(message.payload))}>
                Copy as base64
              </button>
              <button type="button" onClick={() => void copy('the message as JSON', JSON.stringify(messageJson(message), null, 2))}>
                Copy as JSON
              </button>
              {status && (
                <span role="status" className={status.ok ? 'ok' : 'error'}>
                  {status.text}
                </span>
              )}
            </div>
            {shown && <MessageActions connectionId={connectionId} message={message} shown={shown} />}
          </div>
        </div>
      )}
    </section>
  );
});

function clip(text: string): string {
  if (text === '') return '(empty)';
  if (text.length <= SHOWN_CHARS) return text;
  return `${text.slice(0, SHOWN_CHARS)}\n… (${(text.length - SHOWN_CHARS).toLocaleString()} more characters; copy takes all)`;
}

function PropertyField({ name, value }: { name: string; value: string }) {
  return (
    <>
      <dt>{name}</dt>
      <dd>{value}</dd>
    </>
  );
}
