import { PAYLOAD_FORMATS, type PayloadFormat } from '../../../shared/payload/codecs/codec';
import { PAYLOAD_CODECS } from '../../../shared/payload/codecs/payloadCodecs';

/** Picks one of the shared payload codecs; `writing`: CBOR and MessagePack are then typed as JSON, which the options say. */
export function PayloadFormatSelect(props: { id: string; label: string; value: PayloadFormat; onChange(format: PayloadFormat): void; writing?: boolean }) {
  return (
    <div className="field payload-format">
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.target.value as PayloadFormat)}>
        {PAYLOAD_FORMATS.map((format) => (
          <option key={format} value={format}>
            {PAYLOAD_CODECS[format].label}
            {props.writing && (format === 'cbor' || format === 'msgpack') ? ' (from JSON)' : ''}
          </option>
        ))}
      </select>
    </div>
  );
}
