import { memo, useEffect, useState } from 'react';
import type { TFunction } from 'i18next';
import type { MessageRecord } from '../../../shared/domain/message';
import { messageJson } from '../../../shared/domain/messageJson';
import { messagePropertyRows, userPropertyRows } from '../../../shared/domain/messagePropertyRows';
import { byteCount } from '../../../shared/payload/byteCount';
import type { ViewFormat } from '../../../shared/payload/codecs/codec';
import { toBase64 } from '../../../shared/payload/codecs/base64Codec';
import { likelyFormat } from '../../../shared/payload/codecs/payloadCodecs';
import { useLocale } from '../useLocale';
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
  /** The format the subscription that received a topic reads its payloads in, if it chose one. */
  formatOf?(topic: string): ViewFormat | undefined;
};

export const MessageDetails = memo(function MessageDetails({ connectionId, seq, chosen, onChoose, onClose, formatOf }: MessageDetailsProps) {
  const { messages } = useEngine();
  const { t, number, clock, date } = useLocale();
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

  const format = message ? (chosen ?? (message.direction === 'in' ? formatOf?.(message.topic) : undefined) ?? likelyFormat(message.payload, message.properties?.contentType)) : 'text';
  const shown = usePayloadView(message?.payload, format);
  const properties = messagePropertyRows(message?.properties);
  const userProperties = userPropertyRows(message?.properties);
  const direction = message?.direction === 'out' ? t('common.sent') : t('common.received');

  return (
    <section
      className="message-details"
      aria-labelledby="message-details-title"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !event.defaultPrevented) onClose();
      }}
    >
      <div className="details-toolbar">
        <h3 id="message-details-title">{t('details.title')}</h3>
        <button type="button" onClick={onClose} aria-label={t('details.close')} title={t('details.closeHint')}>
          ×
        </button>
      </div>
      {load.error && (
        <p className="error" role="alert">
          {load.error}
        </p>
      )}
      {message === undefined && !load.error && <p className="muted">{t('common.loading')}</p>}
      {message === null && <p className="muted">{t('details.dropped')}</p>}
      {message && (
        <div className="details-body">
          <div>
            <dl className="details-fields" aria-label={t('details.fields')}>
              <dt>{t('details.topic')}</dt>
              <dd className="mono">{message.topic}</dd>
              <dt>{t('details.time')}</dt>
              <dd title={new Date(message.time).toISOString()}>
                {date(message.time)} {clock(message.time)}
              </dd>
              <dt>{t('details.direction')}</dt>
              <dd>{direction}</dd>
              <dt>QoS</dt>
              <dd>{message.qos}</dd>
              <dt>{t('details.retain')}</dt>
              <dd>{message.retain ? t('common.yes') : t('common.no')}</dd>
              <dt>DUP</dt>
              <dd>{message.dup ? t('common.yes') : t('common.no')}</dd>
              <dt>{t('details.size')}</dt>
              <dd>{t('details.sizeValue', { size: byteCount(message.payload.byteLength), count: message.payload.byteLength, bytes: number(message.payload.byteLength) })}</dd>
              {properties.map((row) => (
                <PropertyField key={row.name} name={row.name} value={row.value} />
              ))}
            </dl>
            {userProperties.length > 0 && (
              <table className="user-properties">
                <caption>{t('details.userProperties')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('details.name')}</th>
                    <th scope="col">{t('details.value')}</th>
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
              <PayloadFormatSelect id="details-format" label={t('details.showAs')} value={format} onChange={onChoose} />
              {shown?.error && (
                <small className="error" role="alert" aria-label={t('details.formatProblem')}>
                  {t('details.shownAsHex', { reason: shown.error })}
                </small>
              )}
            </div>
            {format === 'protobuf' && <ProtobufSchemaPicker />}
            <pre className="details-payload" aria-label={t('details.payload')} tabIndex={0}>
              {shown ? clip(shown.text, t, number) : t('details.decoding')}
            </pre>
            <div className="details-actions" role="group" aria-label={t('details.copy.group')}>
              <button type="button" onClick={() => void copy(t('details.copy.whatTopic'), message.topic)}>
                {t('details.copy.topic')}
              </button>
              <button type="button" disabled={!shown} onClick={() => shown && void copy(t('details.copy.whatPayload'), shown.text)}>
                {t('details.copy.payload')}
              </button>
              <button type="button" onClick={() => void copy(t('details.copy.whatBase64'), toBase64(message.payload))}>
                {t('details.copy.base64')}
              </button>
              <button type="button" onClick={() => void copy(t('details.copy.whatJson'), JSON.stringify(messageJson(message), null, 2))}>
                {t('details.copy.json')}
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

function clip(text: string, t: TFunction, number: (n: number) => string): string {
  if (text === '') return t('common.empty');
  if (text.length <= SHOWN_CHARS) return text;
  return `${text.slice(0, SHOWN_CHARS)}\n… ${t('details.moreCharacters', { count: text.length - SHOWN_CHARS, more: number(text.length - SHOWN_CHARS) })}`;
}

function PropertyField({ name, value }: { name: string; value: string }) {
  return (
    <>
      <dt>{name}</dt>
      <dd>{value}</dd>
    </>
  );
}
