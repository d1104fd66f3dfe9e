import { useEffect, useMemo, useState } from 'react';
import type { ViewFormat } from '../../../shared/payload/codecs/codec';
import { hexFallback, viewPayload, type PayloadView } from '../../../shared/payload/codecs/payloadCodecs';
import { useEngine } from '../../services/engine';
import { useAppStore } from '../../store';
import { useTranslation } from 'react-i18next';

/**
 * A payload in the chosen format. The shared codecs answer at once; Protobuf is asked of the
 * engine (undefined meanwhile) and needs the user's .proto file first.
 */
export function usePayloadView(bytes: Uint8Array | undefined, format: ViewFormat): PayloadView | undefined {
  const { t } = useTranslation();
  const { messages } = useEngine();
  const protobuf = useAppStore((s) => s.protobuf);
  // Kept with what it was decoded from, so a stale answer is never shown for another payload or schema.
  const [decoded, setDecoded] = useState<{ bytes: Uint8Array; protobuf: unknown; view: PayloadView }>();

  useEffect(() => {
    if (!bytes || format !== 'protobuf' || !protobuf) return;
    let current = true;
    const schema = { source: protobuf.source, type: protobuf.type };
    messages
      .decodeProtobuf(schema, bytes)
      .then((result) => (result.ok ? { format, text: result.value } : hexFallback(bytes, result.error)))
      .catch((error: Error) => hexFallback(bytes, error.message))
      .then((view) => current && setDecoded({ bytes, protobuf, view }));
    return () => {
      current = false;
    };
  }, [messages, bytes, format, protobuf]);

  // Decoding a large payload is not free; the pane re-renders with the log around it.
  const local = useMemo(() => (bytes && format !== 'protobuf' ? viewPayload(bytes, format) : undefined), [bytes, format]);

  if (!bytes) return undefined;
  if (local) return local;
  if (!protobuf) return hexFallback(bytes, t('details.chooseProto'));
  return decoded && decoded.bytes === bytes && decoded.protobuf === protobuf ? decoded.view : undefined;
}
