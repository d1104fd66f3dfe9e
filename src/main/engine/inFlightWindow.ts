/**
 * MQTT 5 flow control for outgoing QoS 1/2 PUBLISH: never more unacknowledged than the broker's
 * Receive Maximum [MQTT-4.9.0-2]; the rest wait here, in order, and none is lost. MQTT.js ignores
 * the broker's Receive Maximum, so a burst to a broker that announced 2 would get us disconnected.
 */
export class InFlightWindow {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  /** 65,535 is the protocol's maximum and the default when the broker announces nothing. */
  constructor(
    private limit = 65_535,
    private readonly onChange: () => void = () => undefined,
  ) {}

  get inFlight(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  get maximum(): number {
    return this.limit;
  }

  setLimit(limit: number): void {
    this.limit = Math.max(1, limit);
    this.release();
  }

  /** Runs `send` once a slot is free; the slot is held until the returned promise settles. */
  async run<T>(send: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit || this.waiting.length > 0) {
      await new Promise<void>((resolve) => {
        this.waiting.push(resolve);
        this.onChange();
      });
    } else {
      this.active += 1;
      this.onChange();
    }
    try {
      return await send();
    } finally {
      this.active -= 1;
      this.release();
      this.onChange();
    }
  }

  /** Everything waiting is refused (the user disconnected); in-flight ones settle on their own. */
  rejectWaiting(): number {
    const waiting = this.waiting.splice(0);
    // Each resumed sender holds a slot until it settles, like any other.
    this.active += waiting.length;
    waiting.forEach((resume) => resume());
    return waiting.length;
  }

  private release(): void {
    while (this.active < this.limit && this.waiting.length > 0) {
      this.active += 1;
      this.waiting.shift()?.();
    }
  }
}
