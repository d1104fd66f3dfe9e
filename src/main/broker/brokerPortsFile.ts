import path from 'node:path';
import { brokerPortsSchema, type BrokerPorts } from '../../shared/domain/broker';
import { readJsonFile, writeFileAtomic } from '../store/atomicFile';

export const BROKER_PORTS_FILE = 'broker.json';

/**
 * The embedded broker's ports as the user chose them, in `<dataDir>/broker.json`. Missing: the
 * user never chose, and the defaults apply. Unreadable: the defaults, with a notice.
 */
export class BrokerPortsFile {
  readonly file: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, BROKER_PORTS_FILE);
  }

  async load(): Promise<{ ports?: BrokerPorts; notice?: string }> {
    const read = await readJsonFile(this.file);
    if (read.state === 'missing') return {};
    const parsed = read.state === 'ok' ? brokerPortsSchema.safeParse(read.value) : undefined;
    if (parsed?.success) return { ports: parsed.data };
    return { notice: `The embedded broker's ports in ${this.file} were unreadable, so the default ports apply; choosing ports replaces the file.` };
  }

  save(ports: BrokerPorts): Promise<void> {
    return writeFileAtomic(this.file, `${JSON.stringify(ports, null, 2)}\n`);
  }
}
