import type { CaptureExport } from '../../shared/contract/inspector';

/** Hands an export to the browser's download (in Electron, its save dialog). */
export function saveExport(file: CaptureExport): void {
  const blob = new Blob([file.bytes as BlobPart], { type: file.mediaType });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
