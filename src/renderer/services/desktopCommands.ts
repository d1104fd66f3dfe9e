import type { DesktopCommand } from '../../shared/contract/desktop';
import { Emitter } from '../../shared/event';
import { useAppStore } from '../store';

/** Menu commands for the views that own them (import and export live in the saved-connections panel). */
export const connectionFileCommands = new Emitter<Exclude<DesktopCommand, { command: 'newConnection' }>>();

/** What the desktop app's menu asks for; browser mode never sends any. */
export function handleDesktopCommand(command: DesktopCommand): void {
  switch (command.command) {
    case 'newConnection':
      useAppStore.getState().edit('new');
      return;
    case 'importConnections':
    case 'exportConnections':
      connectionFileCommands.fire(command);
      return;
  }
}
