import { app } from 'electron';
import { answerSecondLaunch, type FrontableWindow } from './secondLaunch';

/**
 * One QoScope per user: two would fight over the same data files and the broker's port. False
 * when another instance holds the lock; it has been told to come forward, and this one should quit.
 */
export function claimSingleInstance(currentWindow: () => FrontableWindow | undefined, openWindow: () => void): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  app.on('second-instance', () => {
    if (app.isReady()) answerSecondLaunch(currentWindow(), openWindow);
  });
  return true;
}
