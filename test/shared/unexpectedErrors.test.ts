import { afterEach, describe, expect, it } from 'vitest';
import { Emitter } from '../../src/shared/event';
import { setUnexpectedErrorHandler } from '../../src/shared/errors/unexpectedErrors';
import { Coalescer } from '../../src/main/timing/coalescer';

const reported: unknown[] = [];
setUnexpectedErrorHandler((error) => reported.push(error));
afterEach(() => {
  reported.length = 0;
});

describe('a listener that throws', () => {
  it('is reported, and the listeners after it still get the event', () => {
    const emitter = new Emitter<number>();
    const seen: number[] = [];
    emitter.event(() => {
      throw new Error('listener broke');
    });
    emitter.event((value) => seen.push(value));
    emitter.fire(1);
    emitter.fire(2);
    expect(seen).toEqual([1, 2]);
    expect(reported.map((error) => (error as Error).message)).toEqual(['listener broke', 'listener broke']);
  });

  it('inside a batch timer is reported instead of escaping the timer, and later batches still run', async () => {
    let runs = 0;
    const done = new Promise<void>((resolve) => {
      const coalescer = new Coalescer(() => {
        runs += 1;
        if (runs === 1) {
          coalescer.request();
          throw new Error('batch action broke');
        }
        resolve();
      }, 1);
      coalescer.request();
    });
    await done;
    expect(runs).toBe(2);
    expect((reported[0] as Error).message).toBe('batch action broke');
  });
});
