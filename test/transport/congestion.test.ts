import { expect, it } from 'vitest';
import { CONGESTED_BYTES, CongestionMonitor, DRAINED_BYTES } from '../../src/main/transport/congestion';

it('a page is behind above the high mark and caught up only below the low one, not in between', () => {
  const monitor = new CongestionMonitor();
  const page = {};
  monitor.report(page, CONGESTED_BYTES);
  expect(monitor.isBehind(page)).toBe(false);
  monitor.report(page, CONGESTED_BYTES + 1);
  monitor.report(page, CONGESTED_BYTES + 2);
  expect(monitor.isBehind(page)).toBe(true);
  monitor.report(page, DRAINED_BYTES);
  expect(monitor.isBehind(page)).toBe(true);
  monitor.report(page, DRAINED_BYTES - 1);
  expect(monitor.isBehind(page)).toBe(false);
  monitor.report(page, CONGESTED_BYTES);
  expect(monitor.isBehind(page)).toBe(false);
  expect(monitor.peakBufferedBytes).toBe(CONGESTED_BYTES + 2);
});

it('one slow page does not make another one count as behind', () => {
  const monitor = new CongestionMonitor();
  const fast = {};
  const slow = {};
  monitor.report(fast, CONGESTED_BYTES + 1);
  monitor.report(slow, CONGESTED_BYTES + 1);
  monitor.report(fast, 0);
  expect(monitor.isBehind(fast)).toBe(false);
  expect(monitor.isBehind(slow)).toBe(true);
  expect(monitor.isCongested).toBe(true);
  monitor.report(slow, 0);
  expect(monitor.isCongested).toBe(false);
});

it('a page that goes away while behind no longer counts', () => {
  const monitor = new CongestionMonitor();
  const page = {};
  monitor.report(page, CONGESTED_BYTES + 1);
  monitor.remove(page);
  monitor.remove(page);
  expect(monitor.isBehind(page)).toBe(false);
  expect(monitor.isCongested).toBe(false);
});
