import { memo } from 'react';
import type { MessageRecord } from '../../../shared/domain/message';
import { payloadPreview } from '../../../shared/payload/preview';
import { byteCount } from '../../../shared/payload/byteCount';
import { formatClock } from '../../components/formatTime';

/** One message; topic and payload are rendered as text nodes only, so markup in them stays inert. */
export const MessageRow = memo(function MessageRow({ message }: { message: MessageRecord }) {
  const preview = payloadPreview(message.payload, 300);
  const direction = message.direction === 'in' ? 'Received' : 'Sent';
  return (
    <div className={`message-row ${message.direction}`} role="listitem" aria-label={`${direction} on ${message.topic}`}>
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
