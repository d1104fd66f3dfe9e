import { useEffect, useReducer, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useAppStore } from '../../store';
import { messageLog } from './messageLog';
import { MessageRow } from './MessageRow';

const ROW_HEIGHT = 28;

/** The live log of one connection: virtualised, newest at the bottom, following unless scrolled up. */
export function LogView({ connectionId }: { connectionId: string }) {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const pausedAt = useAppStore((s) => s.pausedAt[connectionId]);
  const pause = useAppStore((s) => s.pause);
  const resume = useAppStore((s) => s.resume);
  const setLogCounts = useAppStore((s) => s.setLogCounts);
  const scrollRef = useRef<HTMLDivElement>(null);
  const following = useRef(true);

  useEffect(() => messageLog.subscribe(rerender), []);

  const buffer = messageLog.buffer(connectionId);
  const end = pausedAt ?? buffer.total;
  const first = buffer.first;
  const count = Math.max(0, end - first);

  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });

  useEffect(() => {
    if (following.current && count > 0) virtualizer.scrollToIndex(count - 1, { align: 'end' });
  });

  const onScroll = () => {
    const el = scrollRef.current;
    if (el) following.current = el.scrollHeight - el.scrollTop - el.clientHeight < ROW_HEIGHT * 2;
  };

  // Read from the buffer on each animation frame; a store subscription would render again per batch.
  const kept = buffer.size;
  const dropped = buffer.dropped;
  const waiting = pausedAt !== undefined ? buffer.total - pausedAt : 0;

  return (
    <section className="log" aria-labelledby="log-title">
      <div className="log-toolbar">
        <h2 id="log-title">Messages</h2>
        <span className="log-count" role="status" aria-label="Messages kept">
          {(kept + dropped).toLocaleString()} message{kept + dropped === 1 ? '' : 's'}, {kept.toLocaleString()} kept{dropped > 0 ? `, ${dropped.toLocaleString()} oldest dropped` : ''}
          {waiting > 0 ? ` · ${waiting.toLocaleString()} new while paused` : ''}
        </span>
        <button
          type="button"
          aria-pressed={pausedAt !== undefined}
          onClick={() => (pausedAt !== undefined ? resume(connectionId) : pause(connectionId, buffer.total))}
        >
          {pausedAt !== undefined ? 'Resume' : 'Pause'}
        </button>
        <button
          type="button"
          onClick={() => {
            resume(connectionId);
            setLogCounts({ [connectionId]: messageLog.clear(connectionId) });
          }}
        >
          Clear
        </button>
      </div>
      <div className="log-header" aria-hidden="true">
        <span>Time</span>
        <span>Dir</span>
        <span>Flags</span>
        <span>Topic</span>
        <span>Payload</span>
        <span>Size</span>
      </div>
      <div className="log-scroll" ref={scrollRef} onScroll={onScroll}>
        {count === 0 ? (
          <p className="empty">No messages yet. Subscribe to a filter, or publish one.</p>
        ) : (
          <div role="list" aria-label="Message log" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const message = buffer.at(first + item.index);
              if (!message) return null;
              return (
                <div key={first + item.index} role="presentation" className="row-slot" style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}>
                  <MessageRow message={message} />
                </div>
              );
            })}
          </div>
        )}
      </div>
    </section>
  );
}
