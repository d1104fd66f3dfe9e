import { app, type Session } from 'electron';
import { isOwnDownload, saveDialogOptions } from './saveDialogOptions';

/**
 * Every download the UI starts (message export, pcapng, JSON capture, *Save payload…*,
 * connections export) opens the native save dialog in the Downloads folder under the suggested
 * name. A download from anywhere else is refused.
 */
export function askWhereToSave(session: Session, appOrigin: string): void {
  session.on('will-download', (event, item) => {
    if (!isOwnDownload(item.getURL(), appOrigin)) {
      event.preventDefault();
      return;
    }
    item.setSaveDialogOptions(saveDialogOptions(item.getFilename(), app.getPath('downloads')));
  });
}
