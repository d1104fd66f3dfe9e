import { PAYLOAD_FORMATS, type PayloadFormat } from '../../shared/payload/codecs/codec';
import { PAYLOAD_CODECS } from '../../shared/payload/codecs/payloadCodecs';
import { publishPropertiesSchema, type PublishProperties } from '../../shared/mqtt/publishProperties';
import { UsageError } from './cliErrors';
import { wholeNumberFlag } from './connectionFlags';

export const FORMAT_OPTION = { format: { type: 'string' } } as const;

export function formatFlag(text: string | undefined): PayloadFormat {
  if (text === undefined) return 'text';
  if ((PAYLOAD_FORMATS as readonly string[]).includes(text)) return text as PayloadFormat;
  throw new UsageError(`--format ${text}: use one of ${PAYLOAD_FORMATS.join(', ')}`);
}

/** A message typed on the command line, as bytes in `format` (CBOR and MessagePack are written as JSON). */
export function encodeMessage(text: string, format: PayloadFormat, where: string): Uint8Array {
  // The same bytes the text codec makes, from Node's pooled allocator: one small array of its own
  // per stdin line made the garbage collector the largest cost of `pub -l`.
  if (format === 'text') return Buffer.from(text, 'utf8');
  const encoded = PAYLOAD_CODECS[format].encode(text);
  if (!encoded.ok) throw new UsageError(`${where}: not ${format}: ${encoded.error}`);
  return encoded.value;
}

export const PROPERTY_OPTIONS = {
  'user-property': { type: 'string', multiple: true },
  'content-type': { type: 'string' },
  'response-topic': { type: 'string' },
  'correlation-data': { type: 'string' },
  'message-expiry': { type: 'string' },
} as const;

export type PropertyFlags = {
  'user-property'?: string[] | undefined;
  'content-type'?: string | undefined;
  'response-topic'?: string | undefined;
  'correlation-data'?: string | undefined;
  'message-expiry'?: string | undefined;
};

/** MQTT 5 PUBLISH properties from their flags, checked like the app's; undefined when none is given. */
export function propertiesFromFlags(flags: PropertyFlags): PublishProperties | undefined {
  const userProperties = (flags['user-property'] ?? []).map((pair) => {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(`--user-property ${pair}: write it as name=value`);
    return { name: pair.slice(0, at), value: pair.slice(at + 1) };
  });
  const expiry = wholeNumberFlag('--message-expiry', flags['message-expiry'], 0, 4_294_967_295);
  const candidate: PublishProperties = {
    ...(flags['content-type'] !== undefined ? { contentType: flags['content-type'] } : {}),
    ...(flags['response-topic'] !== undefined ? { responseTopic: flags['response-topic'] } : {}),
    ...(flags['correlation-data'] !== undefined ? { correlationData: new TextEncoder().encode(flags['correlation-data']) } : {}),
    ...(userProperties.length ? { userProperties } : {}),
    ...(expiry !== undefined ? { messageExpiryInterval: expiry } : {}),
  };
  if (Object.keys(candidate).length === 0) return undefined;
  const parsed = publishPropertiesSchema.safeParse(candidate);
  if (!parsed.success) throw new UsageError(`MQTT 5 properties: ${parsed.error.issues[0]?.message ?? 'not valid'}`);
  return parsed.data as PublishProperties;
}
