// Human wording for CONNACK and SUBACK codes. The code stays in the text so a user can search
// for it or quote it in a bug report.

// MQTT 3.1 and 3.1.1 CONNACK return codes (3.1.1 §3.2.2.3).
const CONNACK_V3: ReadonlyMap<number, string> = new Map([
  [0, 'Connection accepted'],
  [1, 'Unacceptable protocol version'],
  [2, 'Identifier rejected'],
  [3, 'Server unavailable'],
  [4, 'Bad user name or password'],
  [5, 'Not authorized'],
]);

// MQTT 5.0 CONNACK reason codes (§3.2.2.2).
const CONNACK_V5: ReadonlyMap<number, string> = new Map([
  [0x00, 'Success'],
  [0x80, 'Unspecified error'],
  [0x81, 'Malformed packet'],
  [0x82, 'Protocol error'],
  [0x83, 'Implementation specific error'],
  [0x84, 'Unsupported protocol version'],
  [0x85, 'Client identifier not valid'],
  [0x86, 'Bad user name or password'],
  [0x87, 'Not authorized'],
  [0x88, 'Server unavailable'],
  [0x89, 'Server busy'],
  [0x8a, 'Banned'],
  [0x8c, 'Bad authentication method'],
  [0x90, 'Topic name invalid'],
  [0x95, 'Packet too large'],
  [0x97, 'Quota exceeded'],
  [0x99, 'Payload format invalid'],
  [0x9a, 'Retain not supported'],
  [0x9b, 'QoS not supported'],
  [0x9c, 'Use another server'],
  [0x9d, 'Server moved'],
  [0x9f, 'Connection rate exceeded'],
]);

// SUBACK return/reason codes (3.1.1 §3.9.3, 5.0 §3.9.3). One table serves both versions because
// 3.1.1 only uses 0..2 and 0x80; 0x80 is "Failure" there and "Unspecified error" in 5.0, and
// the wording covers both.
const SUBACK: ReadonlyMap<number, string> = new Map([
  [0x00, 'Granted QoS 0'],
  [0x01, 'Granted QoS 1'],
  [0x02, 'Granted QoS 2'],
  [0x80, 'Failure, unspecified error'],
  [0x83, 'Implementation specific error'],
  [0x87, 'Not authorized'],
  [0x8f, 'Topic filter invalid'],
  [0x91, 'Packet identifier in use'],
  [0x97, 'Quota exceeded'],
  [0x9e, 'Shared subscriptions not supported'],
  [0xa1, 'Subscription identifiers not supported'],
  [0xa2, 'Wildcard subscriptions not supported'],
]);

// 5.0 names codes in hex throughout the spec, 3.1.1 in decimal; we follow each so the text
// matches what the user will find when looking the code up.
function hex(code: number): string {
  if (!Number.isInteger(code) || code < 0) return String(code);
  return `0x${code.toString(16).toUpperCase().padStart(2, '0')}`;
}

function phrase(table: ReadonlyMap<number, string>, code: number, label: string): string {
  return `${table.get(code) ?? 'Unknown reason'} (${label})`;
}

export function describeConnackRefusal(code: number, protocolVersion: 3 | 4 | 5): string {
  if (protocolVersion === 5) return phrase(CONNACK_V5, code, `CONNACK ${hex(code)}`);
  return phrase(CONNACK_V3, code, `CONNACK ${code}`);
}

export function describeSubackCode(code: number): string {
  return phrase(SUBACK, code, `SUBACK ${hex(code)}`);
}
