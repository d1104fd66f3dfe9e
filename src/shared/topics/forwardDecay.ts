// Message rates as an exponentially decaying count: each message contributes 1/τ, and that
// contribution fades by e^(-Δt/τ), so a steady r messages/s reads r once the stream has run for a
// few τ, and a topic that goes quiet fades to zero without any timer.
//
// Decaying every ancestor's value on every message would cost one exp per level. Forward decay
// (Cormode, Shkapenyuk, Srivastava, Xu: "Forward Decay", ICDE 2009) measures weights from a
// fixed origin instead: a message at t adds e^((t - origin)/τ) to every ancestor's mass, the
// same number for all of them, and the rate at `now` is mass · e^(-(now - origin)/τ) / τ. The
// weights grow with time, so the origin moves forward (and every mass is scaled down once)
// long before they could overflow.

// e^100 ≈ 2.7e43: masses of that size times any plausible message count stay far below the
// largest double (≈ 1.8e308), while rebasing happens only every 100 τ (~8 minutes at τ = 5 s).
const REBASE_AFTER_TIME_CONSTANTS = 100;

export class ForwardDecay {
  private origin: number | undefined;
  private readonly perMs: number;

  constructor(readonly timeConstantMs: number) {
    if (!(timeConstantMs > 0) || !Number.isFinite(timeConstantMs)) {
      throw new RangeError(`Rate time constant must be a positive number of ms, got ${timeConstantMs}`);
    }
    this.perMs = 1 / timeConstantMs;
  }

  /**
   * Scale factor every stored mass must be multiplied by before `weight(time)` is used, or
   * undefined when the origin can stay where it is.
   */
  rebaseFor(time: number): number | undefined {
    if (this.origin === undefined) {
      this.origin = time;
      return undefined;
    }
    const ahead = (time - this.origin) * this.perMs;
    if (!(ahead > REBASE_AFTER_TIME_CONSTANTS)) return undefined;
    this.origin = time;
    return Math.exp(-ahead);
  }

  /** What one message at `time` adds to the mass of its topic and of each ancestor. */
  weight(time: number): number {
    return Math.exp((time - (this.origin ?? time)) * this.perMs);
  }

  /**
   * What `count` messages spread evenly over [first, last] add: count × the mean of the weight
   * over that interval. For the messages of one batch interval it differs from the sum of their
   * own weights by far less than a rate shows.
   */
  spreadWeight(count: number, first: number, last: number): number {
    const span = (last - first) * this.perMs;
    if (!(span > 1e-9)) return count * this.weight(last);
    return (count * (this.weight(last) - this.weight(first))) / span;
  }

  /** Messages per second at `now` for a node that has accumulated `mass`. */
  rate(mass: number, now: number): number {
    if (mass === 0 || this.origin === undefined) return 0;
    return mass * Math.exp(-(now - this.origin) * this.perMs) * this.perMs * 1000;
  }

  reset(): void {
    this.origin = undefined;
  }
}
