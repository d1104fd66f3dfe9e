import { z } from 'zod';
import type { Event } from './service';
import { defineService } from './service';
import type { BrokerStatus } from '../domain/broker';

export interface BrokerService {
  status(): Promise<BrokerStatus>;
  start(): Promise<BrokerStatus>;
  stop(): Promise<BrokerStatus>;
  onDidChangeStatus: Event<BrokerStatus>;
}

export const brokerService = defineService<BrokerService>({
  name: 'broker',
  calls: {
    status: z.tuple([]),
    start: z.tuple([]),
    stop: z.tuple([]),
  },
  events: ['onDidChangeStatus'],
});
