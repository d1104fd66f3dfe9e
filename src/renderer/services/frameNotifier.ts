/**
 * Tells subscribed views that high-rate data changed, at most once per animation frame however
 * many batches arrived: views re-read their data then, outside React state.
 */
export class FrameNotifier {
  private readonly listeners = new Set<() => void>();
  private frame: number | undefined;

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(): void {
    if (this.frame !== undefined) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = undefined;
      for (const listener of this.listeners) listener();
    });
  }
}
