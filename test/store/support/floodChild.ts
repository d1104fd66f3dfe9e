/**
 * A process that records a flood into one connection's history until it is killed: what the
 * crash test runs, bundled, in a child. It prints how many messages the history has on disk
 * after each flush, so the test knows what must survive `kill -9`.
 * Usage: node floodChild.mjs <history dir> <home dir>
 */
import { MessageStore } from '../../../src/main/store/messageStore';
import { ConnectionHistory } from '../../../src/main/store/durable/connectionHistory';
import { DEFAULT_WRITER_OPTIONS } from '../../../src/main/store/durable/historyWriter';

const [dir, home] = process.argv.slice(2) as [string, string];
const store = new MessageStore();
const history = new ConnectionHistory(dir, home, store, DEFAULT_WRITER_OPTIONS);
const encoder = new TextEncoder();
let next = 0;
let reported = -1;

// 500 messages per turn of the event loop: tens of thousands a second, with timers still firing.
function flood(): void {
  for (let end = next + 500; next < end; next += 1) {
    const message = { direction: 'in' as const, topic: `flood/${next % 100}`, payload: encoder.encode(String(next).padEnd(64, '.')), qos: 0 as const, retain: false, dup: false, time: Date.now() };
    store.append(message);
    history.append(message);
  }
  const onDisk = history.status().diskMessages;
  if (onDisk !== reported) {
    reported = onDisk;
    process.stdout.write(`on disk ${onDisk}\n`);
  }
  setImmediate(flood);
}
flood();
