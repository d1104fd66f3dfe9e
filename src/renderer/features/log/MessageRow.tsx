import { memo } from 'react';
import type { MessageRecord } from '../../../shared/domain/message';
import { payloadPreview } from '../../../shared/payload/preview';
import { byteCount } from '../../../shared/payload/byteCount';
import { formatClock } from '../../components/formatTime';

type MessageRowProps = {
  message: MessageRecord;
  /** Its row in the view, for keyboard moves between rows. */
  index: number;
  /** Shown in the details pane. */
  selected: boolean;
  /** The one row Tab reaches (a roving tab stop); arrow keys move it. */
  tabbable: boolean;
  onSelect(message: MessageRecord, index: number): void;
};

/**
 * One message; topic and payload are rendered as text nodes only, so markup in them stays inert.
 * A click or Enter shows it in the details pane.
 */
export const MessageRow = memo(function MessageRow({ message, index, selected, tabbable, onSelect }: MessageRowProps) {
  const preview = payloadPreview(message.payload, 300);
  const direction = message.direction === 'in' ? 'Received' : 'Sent';
  return (
    <div
      className={`message-row ${message.direction}${selected ? ' selected' : ''}`}
      role="listitem"
      aria-label={`${direction} on ${message.topic}`}
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
      <span className="time">{formatClock(message.time)}</span>
      <span className="direction" title={direction}>
        {message.direction === 'in' ? '↓ in' : '↑ out'}
      </span>
      <span className="badges">
        <span className={`badge qos${message.qos}`}>QoS {message.qos}</span>
        {message.retain && <span className="badge retained">Retained</span>}
        {message.dup && <span className="badge dup">DUP</span>}
      </span>
      <span className="topic" title={message.topic}>
        {message.topic}
      </span>
      <span className={`payload ${preview.kind}`}>
        {preview.kind === 'empty' ? '(empty)' : preview.kind === 'hex' ? `hex ${preview.text}` : preview.text}
        {preview.truncated || message.size !== undefined ? '…' : ''}
      </span>
      <span className="size" title={message.size !== undefined ? `Preview of the first ${message.payload.byteLength} bytes` : undefined}>
        {byteCount(message.size ?? message.payload.byteLength)}
      </span>
    </div>
  );
});
