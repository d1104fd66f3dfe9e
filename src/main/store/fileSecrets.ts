import { keepAside, readJsonFile, writeFileAtomic } from './atomicFile';
import { SerialQueue } from './serialQueue';

/** How a secrets file is turned into its on-disk JSON text and back. */
export interface SecretsCodec {
  encode(secrets: Record<string, string>): Promise<string>;
  /** Throws when the file cannot be read back; `stale` asks for it to be written again. */
  decode(json: unknown): Promise<{ secrets: Record<string, string>; stale: boolean }>;
}

/**
 * The secrets of a file-backed store, loaded on first use and written back whole. Writes are
 * serialised and coalesced: a change made while a write is waiting joins that write, so saving
 * ten profiles rewrites the file once, not ten times.
 */
export class FileSecrets {
  private loading: Promise<Map<string, string>> | undefined;
  private pendingWrite: Promise<void> | undefined;
  private readonly queue = new SerialQueue();
  private notices: string[] = [];

  constructor(
    private readonly file: string,
    private readonly codec: SecretsCodec,
  ) {}

  async get(key: string): Promise<string | undefined> {
    return (await this.secrets()).get(key);
  }

  async set(key: string, value: string): Promise<void> {
    const secrets = await this.secrets();
    if (secrets.get(key) === value) return;
    secrets.set(key, value);
    await this.scheduleWrite(secrets);
  }

  async delete(key: string): Promise<void> {
    const secrets = await this.secrets();
    if (!secrets.delete(key)) return;
    await this.scheduleWrite(secrets);
  }

  takeNotices(): string[] {
    const notices = this.notices;
    this.notices = [];
    return notices;
  }

  private secrets(): Promise<Map<string, string>> {
    this.loading ??= this.load();
    return this.loading;
  }

  private async load(): Promise<Map<string, string>> {
    const read = await readJsonFile(this.file);
    if (read.state === 'missing') return new Map();
    let problem = read.state === 'corrupt' ? read.problem : '';
    if (read.state === 'ok') {
      try {
        const { secrets, stale } = await this.codec.decode(read.value);
        const map = new Map(Object.entries(secrets));
        // The OS rotated its key: seal the same secrets again under the new one.
        if (stale) void this.scheduleWrite(map).catch(() => undefined);
        return map;
      } catch (error) {
        problem = error instanceof Error ? error.message : String(error);
      }
    }
    // Writing a fresh file over it would destroy secrets that may still be recoverable (e.g.
    // after the keychain is unlocked); keep it and start empty.
    const kept = await keepAside(this.file, 'unreadable');
    this.notices.push(`Your saved passwords could not be read (${problem}); the file was kept as ${kept}. Enter the passwords again to connect.`);
    return new Map();
  }

  private scheduleWrite(secrets: Map<string, string>): Promise<void> {
    this.pendingWrite ??= this.queue.run(async () => {
      this.pendingWrite = undefined;
      await writeFileAtomic(this.file, await this.codec.encode(Object.fromEntries(secrets)));
    });
    return this.pendingWrite;
  }
}
