import { PAYLOAD_FORMATS, type ViewFormat } from '../../../shared/payload/codecs/codec';
import { useTranslation } from 'react-i18next';

/** Picks a payload format; `writing`: CBOR, MessagePack and Protobuf are then typed as JSON, which the options say. */
export function PayloadFormatSelect(props: { id: string; label: string; value: ViewFormat; onChange(format: ViewFormat): void; writing?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="field payload-format">
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.target.value as ViewFormat)}>
        {PAYLOAD_FORMATS.map((format) => (
          <option key={format} value={format}>
            {props.writing && (format === 'cbor' || format === 'msgpack') ? t('publish.fromJson', { format: t(`formats.${format}`) }) : t(`formats.${format}`)}
          </option>
        ))}
        <option value="protobuf">{props.writing ? t('publish.fromJson', { format: t('formats.protobuf') }) : t('formats.protobuf')}</option>
      </select>
    </div>
  );
}
