// Aedes's in-memory persistence class (aedes-persistence ships it without a typed subpath). Only
// what JournaledPersistence uses, with its own packet and client types.
declare module 'aedes-persistence/asyncPersistence.js' {
  import type { Readable } from 'node:stream';
  type Packet = import('./journaledPersistence').StoredPacket;
  type ClientRef = { id: string; clean?: boolean };
  type Subscription = { topic: string; qos: number; [key: string]: unknown };

  export default class MemoryPersistence {
    get broker(): { id: string };
    setup(broker: unknown): Promise<void>;
    storeRetained(packet: Packet): Promise<void>;
    createRetainedStreamCombi(patterns: string[]): Readable;
    addSubscriptions(client: ClientRef, subs: Subscription[]): Promise<void>;
    removeSubscriptions(client: ClientRef, topics: string[]): Promise<void>;
    subscriptionsByClient(client: ClientRef): Promise<Subscription[]>;
    cleanSubscriptions(client: ClientRef): Promise<void>;
    outgoingEnqueue(sub: { clientId: string }, packet: Packet): Promise<void>;
    outgoingEnqueueCombi(subs: { clientId: string }[], packet: Packet): Promise<void>;
    outgoingUpdate(client: ClientRef, packet: Packet): Promise<void>;
    outgoingClearMessageId(client: ClientRef, packet: Packet): Promise<Packet | undefined>;
    outgoingStream(client: ClientRef): Readable;
    incomingStorePacket(client: ClientRef, packet: Packet): Promise<void>;
    incomingGetPacket(client: ClientRef, packet: { messageId?: number }): Promise<Packet>;
    incomingDelPacket(client: ClientRef, packet: Packet): Promise<void>;
    putWill(client: ClientRef, packet: Packet): Promise<void>;
    getWill(client: ClientRef): Promise<Packet | undefined>;
    delWill(client: ClientRef): Promise<Packet | undefined>;
    streamWill(brokers?: Record<string, unknown>): Readable;
    destroy(): Promise<void>;
  }
}
