/**
 * A fixed-capacity buffer that overwrites its oldest item; indexes are absolute (0 = the first
 * item ever pushed), so a view can keep pointing at the same message while old ones fall out.
 */
export class RingBuffer<T> {
  private readonly items: (T | undefined)[];
  private pushed = 0;

  constructor(readonly capacity: number) {
    this.items = new Array<T | undefined>(capacity);
  }

  get total(): number {
    return this.pushed;
  }

  get size(): number {
    return Math.min(this.pushed, this.capacity);
  }

  /** Absolute index of the oldest item still kept. */
  get first(): number {
    return this.pushed - this.size;
  }

  get dropped(): number {
    return this.first;
  }

  push(item: T): void {
    this.items[this.pushed % this.capacity] = item;
    this.pushed += 1;
  }

  at(absoluteIndex: number): T | undefined {
    if (absoluteIndex < this.first || absoluteIndex >= this.pushed) return undefined;
    return this.items[absoluteIndex % this.capacity];
  }

  clear(): void {
    this.items.fill(undefined);
    this.pushed = 0;
  }
}
