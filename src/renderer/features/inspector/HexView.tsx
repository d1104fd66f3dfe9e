import { useRef } from 'react';
import { useFixedRows } from '../../components/useFixedRows';
import { useTranslation } from 'react-i18next';

const BYTES_PER_ROW = 16;
const ROW_HEIGHT = 20;

type Props = {
  bytes: Uint8Array;
  /** [start, end) of the selected field. */
  highlight: { start: number; end: number } | undefined;
  onByteClick(offset: number): void;
};

const hex = (n: number) => n.toString(16).padStart(2, '0');
const printable = (n: number) => (n >= 0x20 && n < 0x7f ? String.fromCharCode(n) : '·');

/** Offset, hex and ASCII columns; virtualised so a 100 MB payload costs only the visible rows. */
export function HexView({ bytes, highlight, onByteClick }: Props) {
  const { t } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);
  const { rows, totalHeight } = useFixedRows(scrollRef, Math.ceil(bytes.byteLength / BYTES_PER_ROW), ROW_HEIGHT, 8);
  const lit = (offset: number) => highlight !== undefined && offset >= highlight.start && offset < highlight.end;

  return (
    <div className="hex-view" ref={scrollRef} role="grid" aria-label={t('packets.hex.label')} aria-readonly="true">
      <div role="presentation" style={{ height: totalHeight, position: 'relative' }}>
        {rows.map((item) => {
          const base = item.index * BYTES_PER_ROW;
          const slice = Array.from(bytes.subarray(base, base + BYTES_PER_ROW));
          return (
            <div key={item.index} role="row" className="hex-row" style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}>
              <span className="hex-offset" role="rowheader">{base.toString(16).padStart(6, '0')}</span>
              <span className="hex-bytes" role="presentation">
                {slice.map((value, i) => (
                  <span
                    key={i}
                    data-offset={base + i}
                    role="gridcell"
                    aria-selected={lit(base + i)}
                    className={lit(base + i) ? 'byte lit' : 'byte'}
                    aria-label={t('packets.hex.byte', { offset: base + i, value: hex(value) })}
                    onClick={() => onByteClick(base + i)}
                  >
                    {hex(value)}
                  </span>
                ))}
              </span>
              <span className="hex-ascii" aria-hidden="true">
                {slice.map((value, i) => (
                  <span key={i} className={lit(base + i) ? 'lit' : undefined} onClick={() => onByteClick(base + i)}>
                    {printable(value)}
                  </span>
                ))}
              </span>
            </div>
          );
        })}
      </div>
    </div>
  );
}
