import { z } from 'zod';
import type { Event } from './service';
import { defineService } from './service';

/** The user's theme choice: follow the OS, or a fixed light or dark look. */
export const THEME_CHOICES = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof THEME_CHOICES)[number];

/**
 * What the desktop app's menu asks the UI to do. An import carries the file the user picked in
 * the native open dialog, so the UI never gets a way to read files on its own.
 */
export type DesktopCommand =
  | { command: 'newConnection' }
  | { command: 'importConnections'; fileName: string; text: string }
  | { command: 'exportConnections' };

/**
 * The desktop shell around the UI: menu commands in, the theme choice out (so native menus and
 * dialogs follow it). Browser mode offers the same service; nothing ever fires there.
 */
export interface DesktopService {
  setTheme(theme: ThemeChoice): Promise<void>;
  onDidRequestCommand: Event<DesktopCommand>;
}

export const desktopService = defineService<DesktopService>({
  name: 'desktop',
  calls: {
    setTheme: z.tuple([z.enum(THEME_CHOICES)]),
  },
  events: ['onDidRequestCommand'],
});
