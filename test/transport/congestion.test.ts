import { expect, it } from 'vitest';
import { CONGESTED_BYTES, CongestionMonitor, DRAINED_BYTES } from '../../src/main/transport/congestion';

function watched(): { monitor: CongestionMonitor; changes: boolean[] } {
  const monitor = new CongestionMonitor();
  const changes: boolean[] = [];
  monitor.onDidChange((congested) => changes.push(congested));
  return { monitor, changes };
}

it('pauses above the high mark and resumes only below the low one, not in between', () => {
  const { monitor, changes } = watched();
  const page = {};
  monitor.report(page, CONGESTED_BYTES);
  expect(changes).toEqual([]);
  monitor.report(page, CONGESTED_BYTES + 1);
  monitor.report(page, CONGESTED_BYTES + 2);
  expect(changes).toEqual([true]);
  monitor.report(page, DRAINED_BYTES);
  expect(monitor.isCongested).toBe(true);
  monitor.report(page, DRAINED_BYTES - 1);
  expect(changes).toEqual([true, false]);
  monitor.report(page, CONGESTED_BYTES);
  expect(changes).toEqual([true, false]);
  expect(monitor.peakBufferedBytes).toBe(CONGESTED_BYTES + 2);
});

it('stays paused until the slowest of several pages has drained', () => {
  const { monitor, changes } = watched();
  const fast = {};
  const slow = {};
  monitor.report(fast, CONGESTED_BYTES + 1);
  monitor.report(slow, CONGESTED_BYTES + 1);
  monitor.report(fast, 0);
  expect(changes).toEqual([true]);
  monitor.report(slow, 0);
  expect(changes).toEqual([true, false]);
});

it('a page that goes away while behind no longer holds the engine back', () => {
  const { monitor, changes } = watched();
  const page = {};
  monitor.report(page, CONGESTED_BYTES + 1);
  monitor.remove(page);
  monitor.remove(page);
  expect(changes).toEqual([true, false]);
  expect(monitor.isCongested).toBe(false);
});
