import { z } from 'zod';
import type { Event } from './service';
import { defineService } from './service';
import { brokerPortsSchema, type BrokerPorts, type BrokerStatus } from '../domain/broker';

export interface BrokerService {
  status(): Promise<BrokerStatus>;
  start(): Promise<BrokerStatus>;
  stop(): Promise<BrokerStatus>;
  /** The ports the broker listens on when started (chosen, or the defaults). */
  ports(): Promise<BrokerPorts & { chosen: boolean }>;
  /**
   * Keeps these ports (remembered across restarts) and (re)starts the broker on them. A port
   * another program holds stops it with that port named and a free one offered, never moved.
   */
  usePorts(ports: BrokerPorts): Promise<BrokerStatus>;
  onDidChangeStatus: Event<BrokerStatus>;
}

export const brokerService = defineService<BrokerService>({
  name: 'broker',
  calls: {
    status: z.tuple([]),
    start: z.tuple([]),
    stop: z.tuple([]),
    ports: z.tuple([]),
    usePorts: z.tuple([brokerPortsSchema]),
  },
  events: ['onDidChangeStatus'],
});
