/**
 * The numbers (message seqs, packet nos) a filtered view matched, oldest first, 8 bytes each.
 * Addressed by absolute index: index `first` is the oldest kept, so indexes stay put while old
 * matches are dropped from the front and new ones are appended.
 */
export class MatchList {
  private numbers = new Float64Array(1024);
  private head = 0;
  private count = 0;
  private firstIndex = 0;

  get first(): number {
    return this.firstIndex;
  }

  get end(): number {
    return this.firstIndex + this.count;
  }

  /** The number at absolute index `index` (first ≤ index < end). */
  at(index: number): number {
    return this.numbers[this.head + index - this.firstIndex]!;
  }

  push(value: number): void {
    if (this.head + this.count === this.numbers.length) {
      // Reuse the dropped front before growing.
      const size = this.count * 2 > this.numbers.length ? this.numbers.length * 2 : this.numbers.length;
      const next = new Float64Array(size);
      next.set(this.numbers.subarray(this.head, this.head + this.count));
      this.numbers = next;
      this.head = 0;
    }
    this.numbers[this.head + this.count] = value;
    this.count += 1;
  }

  /** Drops matches below `oldest` (their source dropped or cleared them). */
  dropBelow(oldest: number): void {
    while (this.count > 0 && this.numbers[this.head]! < oldest) {
      this.head += 1;
      this.count -= 1;
      this.firstIndex += 1;
    }
  }
}
