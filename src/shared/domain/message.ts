import { z } from 'zod';

export const qosSchema = z.union([z.literal(0), z.literal(1), z.literal(2)]);
export type QoS = z.infer<typeof qosSchema>;

/** MQTT 5 PUBLISH properties in a transport-safe shape (no Buffers, no Maps). */
export type MessageProperties = {
  payloadFormatIndicator?: boolean;
  messageExpiryInterval?: number;
  topicAlias?: number;
  responseTopic?: string;
  correlationData?: Uint8Array;
  userProperties?: Record<string, string | string[]>;
  subscriptionIdentifier?: number | number[];
  contentType?: string;
};

/**
 * Payload bytes a message carries in a list (the live feed, log pages): what a row can show, and
 * enough for the common IoT payload to read whole. The detail pane fetches the full payload.
 */
export const ROW_PREVIEW_BYTES = 4096;

/** One PUBLISH as it crossed the wire, in or out, with its exact payload bytes. */
export type MessageRecord = {
  connectionId: string;
  /** Per-connection sequence number, increasing in arrival order. */
  seq: number;
  direction: 'in' | 'out';
  topic: string;
  payload: Uint8Array;
  qos: QoS;
  retain: boolean;
  dup: boolean;
  properties?: MessageProperties;
  /**
   * The full payload size when `payload` holds only its first bytes: large payloads reach the UI
   * as a preview, and the whole payload is fetched from the engine on demand.
   */
  size?: number;
  /** When the bytes arrived (in) or were handed to the socket (out): ms since the epoch, sub-ms precision. */
  time: number;
};

/**
 * Everything sent and received across all connections during one batching interval, packed in
 * columns (see packedBatch.ts): one object per batch, not one per message.
 */
export type { PackedMessageBatchWire as MessageBatch } from './packedBatch';
