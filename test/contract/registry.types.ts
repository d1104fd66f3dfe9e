// Type-level test, checked by `npm run typecheck` (tsconfig.test.json): the registry in
// src/shared/contract is the only list of services, and the engine must implement all of them.
import type { ServiceImpls } from '../../src/shared/contract';
import type { ServiceHost } from '../../src/main/transport/serviceHost';

declare const host: ServiceHost;
declare const engine: ServiceImpls;

// An engine that forgets one service of the registry cannot be served: this is how a service
// added to the registry without an implementation fails the build.
const { messages: _forgotten, ...withoutMessages } = engine;
// @ts-expect-error `messages` is missing
host.registerAll(withoutMessages);

// An implementation of the wrong shape is refused too.
// @ts-expect-error `messages` must be a MessagesService
host.registerAll({ ...engine, messages: engine.broker });

// The renderer's client is derived from the same registry: every service, fully typed.
export const _openView: ServiceImpls['messages']['openView'] = engine.messages.openView;
