// MQTT 5.0 properties (§2.2.2): a Variable Byte Integer length, then identifier/value pairs.
// Each identifier fixes its data type and the packets it may appear in (Table 2-4).

import { type ByteReader, DecodeStop, hex2, previewBinary } from './byteReader';
import { readRemainingLength } from './framer';
import type { Field, PacketTypeName } from './types';

/** Where a property block sits: a packet's variable header, or the Will Properties of CONNECT. */
export type PropertyContext = PacketTypeName | 'Will';

type DataType = 'byte' | 'two' | 'four' | 'variable' | 'utf8' | 'binary' | 'pair';

type PropertySpec = {
  name: string;
  type: DataType;
  in: readonly PropertyContext[];
  /** Words for a numeric value, e.g. "60 s". */
  describe?: (value: number) => string;
  /** A Protocol Error for this value, if any. */
  check?: (value: number) => string | undefined;
};

export const PAYLOAD_FORMAT_INDICATOR = 0x01;
export const CORRELATION_DATA = 0x09;
export const SUBSCRIPTION_IDENTIFIER = 0x0b;
export const ASSIGNED_CLIENT_IDENTIFIER = 0x12;
export const AUTHENTICATION_METHOD = 0x15;
export const AUTHENTICATION_DATA = 0x16;
export const SERVER_REFERENCE = 0x1c;
export const REASON_STRING = 0x1f;
export const TOPIC_ALIAS = 0x23;
export const USER_PROPERTY = 0x26;

const seconds = (value: number) => `${value} s`;
const bytes = (value: number) => `${value} B`;
const zeroOrOne = (value: number) => (value > 1 ? 'must be 0 or 1' : undefined);
const notZero = (value: number) => (value === 0 ? 'must not be 0' : undefined);
const yesNo = (value: number) => (value === 0 ? '0 (no)' : value === 1 ? '1 (yes)' : String(value));

const PUBLISH_LIKE: readonly PropertyContext[] = ['PUBLISH', 'Will'];
const REASON_STRING_IN: readonly PropertyContext[] = [
  'CONNACK', 'PUBACK', 'PUBREC', 'PUBREL', 'PUBCOMP', 'SUBACK', 'UNSUBACK', 'DISCONNECT', 'AUTH',
];
const EVERY_BLOCK: readonly PropertyContext[] = [
  'CONNECT', 'CONNACK', 'PUBLISH', 'Will', 'PUBACK', 'PUBREC', 'PUBREL', 'PUBCOMP',
  'SUBSCRIBE', 'SUBACK', 'UNSUBSCRIBE', 'UNSUBACK', 'DISCONNECT', 'AUTH',
];

// MQTT 5.0 §2.2.2.2, Table 2-4, in identifier order.
const PROPERTIES: ReadonlyMap<number, PropertySpec> = new Map<number, PropertySpec>([
  [0x01, { name: 'Payload Format Indicator', type: 'byte', in: PUBLISH_LIKE, check: zeroOrOne,
    describe: (v) => (v === 0 ? '0 (unspecified bytes)' : v === 1 ? '1 (UTF-8 text)' : String(v)) }],
  [0x02, { name: 'Message Expiry Interval', type: 'four', in: PUBLISH_LIKE, describe: seconds }],
  [0x03, { name: 'Content Type', type: 'utf8', in: PUBLISH_LIKE }],
  [0x08, { name: 'Response Topic', type: 'utf8', in: PUBLISH_LIKE }],
  [0x09, { name: 'Correlation Data', type: 'binary', in: PUBLISH_LIKE }],
  [0x0b, { name: 'Subscription Identifier', type: 'variable', in: ['PUBLISH', 'SUBSCRIBE'], check: notZero }],
  [0x11, { name: 'Session Expiry Interval', type: 'four', in: ['CONNECT', 'CONNACK', 'DISCONNECT'],
    describe: (v) => (v === 0 ? '0 (ends with the connection)' : v === 0xffffffff ? `${v} (never expires)` : seconds(v)) }],
  [0x12, { name: 'Assigned Client Identifier', type: 'utf8', in: ['CONNACK'] }],
  [0x13, { name: 'Server Keep Alive', type: 'two', in: ['CONNACK'], describe: seconds }],
  [0x15, { name: 'Authentication Method', type: 'utf8', in: ['CONNECT', 'CONNACK', 'AUTH'] }],
  [0x16, { name: 'Authentication Data', type: 'binary', in: ['CONNECT', 'CONNACK', 'AUTH'] }],
  [0x17, { name: 'Request Problem Information', type: 'byte', in: ['CONNECT'], check: zeroOrOne, describe: yesNo }],
  [0x18, { name: 'Will Delay Interval', type: 'four', in: ['Will'], describe: seconds }],
  [0x19, { name: 'Request Response Information', type: 'byte', in: ['CONNECT'], check: zeroOrOne, describe: yesNo }],
  [0x1a, { name: 'Response Information', type: 'utf8', in: ['CONNACK'] }],
  [0x1c, { name: 'Server Reference', type: 'utf8', in: ['CONNACK', 'DISCONNECT'] }],
  [0x1f, { name: 'Reason String', type: 'utf8', in: REASON_STRING_IN }],
  [0x21, { name: 'Receive Maximum', type: 'two', in: ['CONNECT', 'CONNACK'], check: notZero }],
  [0x22, { name: 'Topic Alias Maximum', type: 'two', in: ['CONNECT', 'CONNACK'] }],
  // A Topic Alias of 0 is forbidden [MQTT-3.3.2-8].
  [0x23, { name: 'Topic Alias', type: 'two', in: ['PUBLISH'], check: (v) => (v === 0 ? 'must not be 0 [MQTT-3.3.2-8]' : undefined) }],
  [0x24, { name: 'Maximum QoS', type: 'byte', in: ['CONNACK'], check: zeroOrOne }],
  [0x25, { name: 'Retain Available', type: 'byte', in: ['CONNACK'], check: zeroOrOne, describe: yesNo }],
  [0x26, { name: 'User Property', type: 'pair', in: EVERY_BLOCK }],
  [0x27, { name: 'Maximum Packet Size', type: 'four', in: ['CONNECT', 'CONNACK'], check: notZero, describe: bytes }],
  [0x28, { name: 'Wildcard Subscription Available', type: 'byte', in: ['CONNACK'], check: zeroOrOne, describe: yesNo }],
  [0x29, { name: 'Subscription Identifier Available', type: 'byte', in: ['CONNACK'], check: zeroOrOne, describe: yesNo }],
  [0x2a, { name: 'Shared Subscription Available', type: 'byte', in: ['CONNACK'], check: zeroOrOne, describe: yesNo }],
]);

/** The first value of each property that was read, for summaries and cross-field checks. */
export type PropertyValues = Map<number, number | string | Uint8Array>;

export function numberProperty(values: PropertyValues, id: number): number | undefined {
  const value = values.get(id);
  return typeof value === 'number' ? value : undefined;
}

export function stringProperty(values: PropertyValues, id: number): string | undefined {
  const value = values.get(id);
  return typeof value === 'string' ? value : undefined;
}

/**
 * Reads a property block as one field. A block whose length fits the packet is decoded on its
 * own: a bad property inside it leaves the rest of the block unparsed, and decoding goes on
 * after the block, because the Property Length says where it ends.
 */
export function readProperties(r: ByteReader, context: PropertyContext, name = 'Properties'): PropertyValues {
  const values: PropertyValues = new Map();
  r.group(name, (group) => {
    const length = r.variable('Property Length', (v) => `${v} B`);
    const declaredEnd = r.offset + length.value;
    const fits = declaredEnd <= r.end;
    if (!fits) {
      r.malformed(length.field, `Property Length ${length.value} runs past the end of the packet (${r.remaining} B left)`);
    }
    const counts = new Map<number, number>();
    r.within(Math.min(declaredEnd, r.end), () => {
      try {
        while (r.remaining > 0) readProperty(r, context, values, counts);
      } catch (error) {
        if (!fits || !(error instanceof DecodeStop)) throw error;
        r.stop(error);
      }
    });
    let total = 0;
    for (const count of counts.values()) total += count;
    group.value = total === 0 ? 'none' : total === 1 ? '1 property' : `${total} properties`;
    if (values.has(AUTHENTICATION_DATA) && !values.has(AUTHENTICATION_METHOD)) {
      r.flag(group, 'Authentication Data without an Authentication Method is a Protocol Error (§3.1.2.11.10)');
    }
  });
  return values;
}

function readProperty(r: ByteReader, context: PropertyContext, values: PropertyValues, counts: Map<number, number>): void {
  // The identifier is a Variable Byte Integer (§2.2.2.2); every one defined so far is one byte.
  const id = readRemainingLength(r.bytes, r.offset, r.end);
  const spec = id && !('error' in id) ? PROPERTIES.get(id.value) : undefined;
  if (!spec) {
    const shown = id && !('error' in id) ? hex2(id.value) : hex2(r.peek() ?? 0);
    throw new DecodeStop('unparseable', `unknown property identifier ${shown}; the rest of the properties cannot be read (§2.2.2.2)`);
  }
  r.group(spec.name, (field) => {
    const idField = r.variable('Identifier', hex2);
    const value = readValue(r, spec, field);
    const count = (counts.get(idField.value) ?? 0) + 1;
    counts.set(idField.value, count);
    if (!values.has(idField.value)) values.set(idField.value, value);
    if (!spec.in.includes(context)) {
      r.malformed(field, `${spec.name} is not allowed in ${context === 'Will' ? 'Will Properties' : context} (§2.2.2.2)`);
    }
    const repeatable = spec.type === 'pair' || (idField.value === SUBSCRIPTION_IDENTIFIER && context === 'PUBLISH');
    if (count > 1 && !repeatable) r.flag(field, `${spec.name} appears more than once, a Protocol Error`);
    const problem = typeof value === 'number' ? spec.check?.(value) : undefined;
    if (problem) r.flag(field, `${spec.name} ${problem}`);
  });
}

function readValue(r: ByteReader, spec: PropertySpec, field: Field): number | string | Uint8Array {
  const describe = spec.describe ?? String;
  switch (spec.type) {
    case 'byte':
    case 'two':
    case 'four':
    case 'variable': {
      const read =
        spec.type === 'byte' ? r.byte('Value', describe)
        : spec.type === 'two' ? r.twoByte('Value', describe)
        : spec.type === 'four' ? r.fourByte('Value', describe)
        : r.variable('Value', describe);
      field.value = read.field.value;
      return read.value;
    }
    case 'utf8': {
      const read = r.utf8('Value');
      field.value = read.field.value;
      return read.value ?? read.field.value;
    }
    case 'binary': {
      const read = r.binary('Value');
      read.field.value = previewBinary(read.value);
      field.value = read.field.value;
      return read.value;
    }
    case 'pair': {
      const key = r.utf8('Name');
      const value = r.utf8('Value');
      field.value = `${key.field.value} = ${value.field.value}`;
      return `${key.value ?? key.field.value}=${value.value ?? value.field.value}`;
    }
  }
}
