import { PAYLOAD_FORMATS, type ViewFormat } from '../../../shared/payload/codecs/codec';
import { PAYLOAD_CODECS } from '../../../shared/payload/codecs/payloadCodecs';

/** Picks a payload format; `writing`: CBOR, MessagePack and Protobuf are then typed as JSON, which the options say. */
export function PayloadFormatSelect(props: { id: string; label: string; value: ViewFormat; onChange(format: ViewFormat): void; writing?: boolean }) {
  return (
    <div className="field payload-format">
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.target.value as ViewFormat)}>
        {PAYLOAD_FORMATS.map((format) => (
          <option key={format} value={format}>
            {PAYLOAD_CODECS[format].label}
            {props.writing && (format === 'cbor' || format === 'msgpack') ? ' (from JSON)' : ''}
          </option>
        ))}
        <option value="protobuf">Protobuf{props.writing ? ' (from JSON)' : ''}</option>
      </select>
    </div>
  );
}
