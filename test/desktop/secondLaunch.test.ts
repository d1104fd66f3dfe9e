import { expect, it } from 'vitest';
import { answerSecondLaunch, type FrontableWindow } from '../../src/main/electron/secondLaunch';

function fakeWindow(state: { minimized?: boolean; destroyed?: boolean } = {}) {
  const calls: string[] = [];
  const window: FrontableWindow = {
    isDestroyed: () => state.destroyed ?? false,
    isMinimized: () => state.minimized ?? false,
    restore: () => calls.push('restore'),
    show: () => calls.push('show'),
    focus: () => calls.push('focus'),
  };
  return { window, calls };
}

it('a second launch restores a minimised window and brings it to the front', () => {
  const { window, calls } = fakeWindow({ minimized: true });
  let opened = 0;
  answerSecondLaunch(window, () => opened++);
  expect(calls).toEqual(['restore', 'show', 'focus']);
  expect(opened).toBe(0);
});

it('a second launch focuses a window that is already open without restoring it', () => {
  const { window, calls } = fakeWindow();
  answerSecondLaunch(window, () => undefined);
  expect(calls).toEqual(['show', 'focus']);
});

it('a second launch opens a window when the running app has none (macOS) or it is gone', () => {
  let opened = 0;
  answerSecondLaunch(undefined, () => opened++);
  answerSecondLaunch(fakeWindow({ destroyed: true }).window, () => opened++);
  expect(opened).toBe(2);
});
