import path from 'node:path';
import { DEFAULT_STORE_LIMITS, storeLimitsSchema, type StoreLimits } from '../../shared/domain/messageStore';
import { readJsonFile, writeFileAtomic } from './atomicFile';

export const STORE_LIMITS_FILE = 'message-store.json';

/**
 * The message store's limits as the user last saved them, in `<dataDir>/message-store.json`.
 * A missing or unreadable file means the defaults (a bad file is reported, then replaced on
 * the next save: it holds nothing that cannot be typed again).
 */
export class StoreLimitsFile {
  readonly file: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, STORE_LIMITS_FILE);
  }

  /** The saved limits, or the defaults with a notice for the user when the file is unreadable. */
  async load(): Promise<{ limits: StoreLimits; notice?: string }> {
    const read = await readJsonFile(this.file);
    if (read.state === 'missing') return { limits: DEFAULT_STORE_LIMITS };
    const parsed = read.state === 'ok' ? storeLimitsSchema.safeParse(read.value) : undefined;
    if (parsed?.success) return { limits: parsed.data };
    return { limits: DEFAULT_STORE_LIMITS, notice: `The message store limits in ${this.file} were unreadable, so the defaults apply; saving limits replaces the file.` };
  }

  save(limits: StoreLimits): Promise<void> {
    return writeFileAtomic(this.file, `${JSON.stringify(limits, null, 2)}\n`);
  }
}
