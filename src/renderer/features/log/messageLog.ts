import type { MessageRecord } from '../../../shared/domain/message';
import { LiveBuffers } from '../../services/liveBuffers';

/** Messages kept per connection in the UI; older ones are dropped and counted. */
export const LOG_CAPACITY = 50_000;

export const messageLog = new LiveBuffers<MessageRecord>(LOG_CAPACITY);
