import { session, type Session } from 'electron';

/**
 * The UI needs no web permission (camera, microphone, notifications, geolocation, reading the
 * clipboard…), and Electron grants them by default. Deny them all, both the request and the
 * silent check that most web APIs make first. Writing to the clipboard stays allowed: the
 * sanitised write is what a "Copy" button uses, and it discloses nothing. Call once the app is ready.
 */
const ALLOWED = new Set(['clipboard-sanitized-write']);

export function denyWebPermissions(target: Session = session.defaultSession): void {
  target.setPermissionRequestHandler((_contents, permission, callback) => callback(ALLOWED.has(permission)));
  target.setPermissionCheckHandler((_contents, permission) => ALLOWED.has(permission));
}
