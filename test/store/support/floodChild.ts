/**
 * A process that records a flood into one connection's history until it is killed: what the
 * crash test and the `durable` bench run, bundled, in a child. After each turn it prints how
 * many messages it appended and how many the history has on disk, so the parent knows what
 * must survive `kill -9`.
 * Usage: node floodChild.mjs <history dir> <connection folder> [messages per second]
 */
import { MessageStore } from '../../../src/main/store/messageStore';
import { ConnectionHistory } from '../../../src/main/store/durable/connectionHistory';
import { DEFAULT_WRITER_OPTIONS } from '../../../src/main/store/durable/historyWriter';

const [dir, home, rateArgument] = process.argv.slice(2) as [string, string, string | undefined];
/** Without a rate, 500 messages per turn of the event loop (as fast as it goes, timers still firing). */
const rate = rateArgument ? Number(rateArgument) : undefined;
const store = new MessageStore();
const history = new ConnectionHistory(dir, home, store, DEFAULT_WRITER_OPTIONS);
const encoder = new TextEncoder();
const started = performance.now();
let next = 0;

function flood(): void {
  const due = rate === undefined ? next + 500 : Math.min(next + 5_000, Math.floor(((performance.now() - started) / 1000) * rate));
  for (; next < due; next += 1) {
    const message = { direction: 'in' as const, topic: `flood/${next % 100}`, payload: encoder.encode(String(next).padEnd(64, '.')), qos: 0 as const, retain: false, dup: false, time: Date.now() };
    store.append(message);
    history.append(message);
  }
  process.stdout.write(`appended ${next} on disk ${history.status().diskMessages}\n`);
  setImmediate(flood);
}
flood();
