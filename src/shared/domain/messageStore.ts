import { z } from 'zod';

/** How much each connection's message store keeps before dropping its oldest messages. */
export type StoreLimits = { maxMessages: number; maxBytes: number };

export const DEFAULT_STORE_LIMITS: StoreLimits = { maxMessages: 1_000_000, maxBytes: 512 * 1024 * 1024 };

export const storeLimitsSchema = z.object({
  maxMessages: z.number().int().min(1_000, 'Keep at least 1,000 messages').max(50_000_000, 'At most 50,000,000 messages'),
  maxBytes: z
    .number()
    .int()
    .min(16 * 1024 * 1024, 'Allow at least 16 MB')
    .max(16 * 1024 * 1024 * 1024, 'At most 16 GB'),
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
};
