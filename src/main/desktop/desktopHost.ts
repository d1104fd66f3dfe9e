import type { DesktopCommand, DesktopService, ThemeChoice } from '../../shared/contract/desktop';
import { Emitter } from '../../shared/event';

/**
 * The engine's side of the desktop service. The Electron entry feeds it menu commands and
 * follows the theme the UI chose; in browser mode nobody does, and the UI works as before.
 */
export class DesktopHost implements DesktopService {
  private readonly commands = new Emitter<DesktopCommand>();
  private readonly themes = new Emitter<ThemeChoice>();
  readonly onDidRequestCommand = this.commands.event;
  /** For the shell (native menus and dialogs), not part of the contract. */
  readonly onDidChooseTheme = this.themes.event;

  async setTheme(theme: ThemeChoice): Promise<void> {
    this.themes.fire(theme);
  }

  request(command: DesktopCommand): void {
    this.commands.fire(command);
  }
}
