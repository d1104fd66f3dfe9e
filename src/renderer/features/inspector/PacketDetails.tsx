import { useEffect, useMemo, useState } from 'react';
import type { PacketDetail } from '../../../shared/contract/inspector';
import { decodePacket } from '../../../shared/inspector/packets/decodePacket';
import { hasSecretField, maskSecretBytes } from '../../../shared/inspector/maskSecrets';
import { useEngine } from '../../services/engine';
import { useAppStore } from '../../store';
import { FieldTree } from './FieldTree';
import { HexView } from './HexView';
import { deepestFieldAt, fieldAt, type FieldPath } from './fieldPaths';
import { useLocale } from '../useLocale';

/** Field tree and hex pane for the selected packet; bytes are fetched from the engine on selection. */
export function PacketDetails({ connectionId, no }: { connectionId: string; no: number }) {
  const { inspector } = useEngine();
  const { t, number, clock } = useLocale();
  const reveal = useAppStore((s) => s.revealSecrets);
  const setReveal = useAppStore((s) => s.setRevealSecrets);
  const [detail, setDetail] = useState<PacketDetail | null>();
  const [selected, setSelected] = useState<FieldPath>();

  useEffect(() => {
    let current = true;
    setDetail(undefined);
    setSelected(undefined);
    inspector.packet(connectionId, no).then(
      (result) => current && setDetail(result ?? null),
      () => current && setDetail(null),
    );
    return () => {
      current = false;
    };
  }, [inspector, connectionId, no]);

  const decoded = useMemo(
    () =>
      detail &&
      decodePacket(detail.packet.bytes, { protocolVersion: detail.protocolVersion, revealSecrets: reveal, direction: detail.packet.direction }),
    [detail, reveal],
  );

  if (detail === undefined) return <p className="empty">{t('packets.details.loading', { no })}</p>;
  if (detail === null || !decoded) return <p className="empty">{t('packets.details.dropped', { no })}</p>;
  const field = fieldAt(decoded.fields, selected);
  const hasSecret = hasSecretField(decoded.fields);
  const shownBytes = reveal ? detail.packet.bytes : maskSecretBytes(detail.packet.bytes, decoded.fields);
  const problems = [...new Set([...decoded.problems, ...detail.row.problems])];

  return (
    <div className="packet-details">
      <div className="details-pane">
        <div className="details-title">
          <strong>
            #{no} {decoded.type}
          </strong>{' '}
          {t(detail.packet.direction === 'out' ? 'packets.details.sentAt' : 'packets.details.receivedAt', { time: clock(detail.packet.time) })} ·{' '}
          {t('packets.details.bytes', { count: detail.packet.bytes.byteLength, n: number(detail.packet.bytes.byteLength) })} ·{' '}
          {t('packets.details.socket', { socket: detail.packet.socket })}
          {hasSecret && (
            <label className="checkbox inline">
              <input type="checkbox" checked={reveal} onChange={(e) => setReveal(e.target.checked)} />
              {t('packets.details.reveal')}
            </label>
          )}
        </div>
        {problems.length > 0 && (
          <ul className="problems" aria-label={t('packets.details.problems')}>
            {problems.map((problem) => (
              <li key={problem}>⚠ {problem}</li>
            ))}
          </ul>
        )}
        <FieldTree fields={decoded.fields} selected={selected} onSelect={setSelected} />
      </div>
      <HexView
        bytes={shownBytes}
        highlight={field ? { start: field.start, end: field.end } : undefined}
        onByteClick={(offset) => setSelected(deepestFieldAt(decoded.fields, offset))}
      />
    </div>
  );
}
