import path from 'node:path';

export type SaveDialogChoice = { title: string; defaultPath: string; filters: { name: string; extensions: string[] }[] };

const KINDS: Record<string, string> = {
  pcapng: 'Packet capture (Wireshark)',
  json: 'JSON',
  jsonl: 'JSON Lines',
  csv: 'CSV',
  bin: 'Payload bytes',
};

/**
 * The native save dialog for a download from the UI (an export, a capture, a payload): in the
 * user's Downloads folder under the name the UI suggested, with a filter for its kind.
 */
export function saveDialogOptions(suggestedName: string, downloadsDir: string): SaveDialogChoice {
  // The name comes from the page: keep only its last segment, whichever separator it used.
  const fileName = suggestedName.split(/[\\/]/).pop() || 'download';
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  const kind = extension ? KINDS[extension] : undefined;
  return {
    title: `Save ${fileName}`,
    defaultPath: path.join(downloadsDir, fileName),
    filters: [...(kind && extension ? [{ name: kind, extensions: [extension] }] : []), { name: 'All Files', extensions: ['*'] }],
  };
}

/** Downloads the app asks for: its own export URLs and blobs the page made. Nothing else is saved. */
export function isOwnDownload(url: string, appOrigin: string): boolean {
  return url.startsWith(`${appOrigin}/`) || url.startsWith(`blob:${appOrigin}/`);
}
