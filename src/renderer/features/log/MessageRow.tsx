import { memo, useMemo, type CSSProperties } from 'react';
import type { MessageRecord } from '../../../shared/domain/message';
import { payloadPreview, type PayloadPreview } from '../../../shared/payload/preview';
import type { PayloadFormat } from '../../../shared/payload/codecs/codec';
import { payloadLine } from '../../../shared/payload/codecs/payloadCodecs';
import { byteCount } from '../../../shared/payload/byteCount';
import { useLocale } from '../useLocale';

type MessageRowProps = {
  message: MessageRecord;
  /** Its row in the view, for keyboard moves between rows. */
  index: number;
  /** Shown in the details pane. */
  selected: boolean;
  /** The one row Tab reaches (a roving tab stop); arrow keys move it. */
  tabbable: boolean;
  /** How the payload column reads the bytes; 'auto' is text when it is UTF-8, else hex. */
  format: PayloadFormat | 'auto';
  /** The colour of the saved subscription it matched, as a stripe at the row's edge. */
  colour?: string | undefined;
  /** The first message after QoScope started again: the row carries the marker. */
  restarted?: boolean;
  /** The row's words in the UI's language, made once for all rows (see useRowWords). */
  words: RowWords;
  onSelect(message: MessageRecord, index: number): void;
};

/** What every row says, in the UI's language. */
export type RowWords = {
  received: string;
  sent: string;
  in: string;
  out: string;
  retained: string;
  empty: string;
  restarted: string;
  restartedLabel: string;
  label(direction: 'in' | 'out', topic: string): string;
  hex(bytes: string): string;
  preview(count: number): string;
  clock(time: number): string;
};

// Stands for the topic in a label made ahead of time; no topic can contain it (a NUL).
const TOPIC_MARK = '\u0000topic\u0000';

/**
 * The rows' words, looked up once per language rather than by each of the hundreds of rows
 * rendered a second while messages stream in.
 */
export function useRowWords(): RowWords {
  const { t, clock } = useLocale();
  return useMemo(() => {
    const received = t('common.received');
    const sent = t('common.sent');
    const labelIn = t('log.row.label', { direction: received, topic: TOPIC_MARK });
    const labelOut = t('log.row.label', { direction: sent, topic: TOPIC_MARK });
    return {
      received,
      sent,
      in: t('log.row.in'),
      out: t('log.row.out'),
      retained: t('common.retained'),
      empty: t('common.empty'),
      restarted: t('log.restarted'),
      restartedLabel: t('log.restartedLabel'),
      label: (direction, topic) => (direction === 'in' ? labelIn : labelOut).replace(TOPIC_MARK, () => topic),
      hex: (bytes) => t('common.hex', { bytes }),
      preview: (count) => t('log.row.preview', { count }),
      clock,
    };
  }, [t, clock]);
}

/**
 * One message; topic and payload are rendered as text nodes only, so markup in them stays inert.
 * A click or Enter shows it in the details pane.
 */
export const MessageRow = memo(function MessageRow({ message, index, selected, tabbable, format, colour, restarted, words, onSelect }: MessageRowProps) {
  const preview: RowPreview = format === 'auto' ? payloadPreview(message.payload, 300) : formattedPreview(message.payload, format);
  const direction = message.direction === 'in' ? words.received : words.sent;
  return (
    <div
      className={`message-row ${message.direction}${selected ? ' selected' : ''}${colour ? ' coloured' : ''}${restarted ? ' restarted' : ''}`}
      style={colour ? ({ '--sub-colour': colour } as CSSProperties) : undefined}
      role="listitem"
      aria-label={words.label(message.direction, message.topic)}
      aria-current={selected ? 'true' : undefined}
      data-index={index}
      tabIndex={tabbable ? 0 : -1}
      onClick={() => onSelect(message, index)}
      onKeyDown={(event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          onSelect(message, index);
        }
      }}
    >
      {restarted && (
        <span className="restart-marker" role="separator" aria-label={words.restartedLabel}>
          {words.restarted}
        </span>
      )}
      <span className="time">{words.clock(message.time)}</span>
      <span className="direction" title={direction}>
        {message.direction === 'in' ? words.in : words.out}
      </span>
      <span className="badges">
        <span className={`badge qos${message.qos}`}>QoS {message.qos}</span>
        {message.retain && <span className="badge retained">{words.retained}</span>}
        {message.dup && <span className="badge dup">DUP</span>}
      </span>
      <span className="topic" title={message.topic}>
        {message.topic}
      </span>
      <span className={`payload ${preview.kind}`} title={preview.error}>
        {preview.kind === 'empty' ? words.empty : preview.kind === 'hex' ? words.hex(preview.text) : preview.text}
        {preview.truncated || message.size !== undefined ? '…' : ''}
      </span>
      <span className="size" title={message.size !== undefined ? words.preview(message.payload.byteLength) : undefined}>
        {byteCount(message.size ?? message.payload.byteLength)}
      </span>
    </div>
  );
});

type RowPreview = PayloadPreview & { error?: string };

/** The payload column in a chosen format; bytes not in it show as hex, and the tooltip says why. */
function formattedPreview(bytes: Uint8Array, format: PayloadFormat): RowPreview {
  if (bytes.length === 0) return { kind: 'empty', text: '', truncated: false };
  const line = payloadLine(bytes, format, 300);
  return { kind: line.format === 'hex' ? 'hex' : 'text', text: line.text, truncated: line.truncated, error: line.error };
}
