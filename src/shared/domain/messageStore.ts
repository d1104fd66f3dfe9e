import { z } from 'zod';

/** How much each connection's message store keeps before dropping its oldest messages. */
export type StoreLimits = { maxMessages: number; maxBytes: number; history?: HistoryRetention };

export const DEFAULT_STORE_LIMITS: StoreLimits = { maxMessages: 1_000_000, maxBytes: 512 * 1024 * 1024 };

const DAY_MS = 24 * 3600 * 1000;

/** How much history each connection keeps on disk; the oldest segment files go first, whole. */
export type HistoryRetention = { maxMessages: number; maxBytes: number; maxAgeMs: number };

export const DEFAULT_HISTORY_RETENTION: HistoryRetention = { maxMessages: 1_000_000, maxBytes: 1024 * 1024 * 1024, maxAgeMs: 7 * DAY_MS };

export const historyRetentionSchema = z.object({
  maxMessages: z.number({ message: 'Enter a number of messages' }).int('Enter a whole number of messages').min(1_000, 'Keep at least 1,000 messages on disk').max(100_000_000, 'At most 100,000,000 messages on disk'),
  maxBytes: z
    .number({ message: 'Enter a size in MB' })
    .int('Enter a whole number of bytes')
    .min(16 * 1024 * 1024, 'Allow at least 16 MB on disk')
    .max(1024 * 1024 * 1024 * 1024, 'At most 1,048,576 MB (1 TB) on disk'),
  maxAgeMs: z.number({ message: 'Enter a number of days' }).int('Enter a number of days').min(DAY_MS, 'Keep at least 1 day').max(3_650 * DAY_MS, 'At most 3,650 days'),
});

export const storeLimitsSchema = z.object({
  // The log scrolls one row per message; browsers cap a scroll area's height near a million rows.
  maxMessages: z.number({ message: 'Enter a number of messages' }).int('Enter a whole number of messages').min(1_000, 'Keep at least 1,000 messages').max(1_000_000, 'At most 1,000,000 messages'),
  maxBytes: z
    .number({ message: 'Enter a size in MB' })
    .int('Enter a whole number of bytes')
    .min(16 * 1024 * 1024, 'Allow at least 16 MB')
    .max(8 * 1024 * 1024 * 1024, 'At most 8 GB (8192 MB)'),
  history: historyRetentionSchema.optional(),
});

/** What one connection's store holds now: sequence numbers [first, end), and what it dropped. */
export type StoreStats = {
  first: number;
  end: number;
  kept: number;
  /** Oldest messages dropped to stay within the limits (not counting ones the user cleared). */
  dropped: number;
  bytes: number;
  limits: StoreLimits;
  /** The connection's history on disk; absent when it is kept in memory only. */
  history?: HistoryStatus;
};

/** What the UI says about a connection's history on disk. */
export type HistoryStatus = {
  diskBytes: number;
  diskMessages: number;
  /** The connection's packet capture on disk, kept apart from its messages. */
  packets?: { diskBytes: number; diskPackets: number };
  retention: HistoryRetention;
  /** Why messages are not being written now (disk full, read-only folder): they are kept in memory only. */
  problem?: string;
  /** What reopening the history found (messages cut from a torn tail, missing files). */
  notice?: string;
  /** Sequence numbers where a later run of QoScope began: the log marks "QoScope restarted" before each. */
  restarts: number[];
};
