/**
 * Lines to stdout, gathered and written once per turn of the event loop: one write per message
 * would cost a system call (and, on a pipe, a queued request) each, and a flood is thousands a
 * second. `flush` writes what is gathered now (before exiting).
 */
export function lineWriter(write: (text: string) => void): { line(text: string): void; flush(): void } {
  let pending: string[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (pending.length === 0) return;
    const text = `${pending.join('\n')}\n`;
    pending = [];
    write(text);
  };
  return {
    line(text) {
      pending.push(text);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    flush,
  };
}
