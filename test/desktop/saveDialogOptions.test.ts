import path from 'node:path';
import { expect, it } from 'vitest';
import { isOwnDownload, saveDialogOptions } from '../../src/main/electron/saveDialogOptions';

const downloads = path.join(path.sep, 'home', 'ana', 'Downloads');

it('suggests the file in Downloads under the name the UI gave, with a filter for its kind', () => {
  expect(saveDialogOptions('qoscope-20261204T231500Z.pcapng', downloads)).toEqual({
    title: 'Save qoscope-20261204T231500Z.pcapng',
    defaultPath: path.join(downloads, 'qoscope-20261204T231500Z.pcapng'),
    filters: [
      { name: 'Packet capture (Wireshark)', extensions: ['pcapng'] },
      { name: 'All Files', extensions: ['*'] },
    ],
  });
  expect(saveDialogOptions('home_kitchen-42.bin', downloads).filters[0]).toEqual({ name: 'Payload bytes', extensions: ['bin'] });
  expect(saveDialogOptions('log.jsonl', downloads).filters[0]).toEqual({ name: 'JSON Lines', extensions: ['jsonl'] });
  expect(saveDialogOptions('README', downloads).filters).toEqual([{ name: 'All Files', extensions: ['*'] }]);
});

it('never lets a suggested name point outside Downloads', () => {
  expect(saveDialogOptions('../../.bashrc', downloads).defaultPath).toBe(path.join(downloads, '.bashrc'));
  expect(saveDialogOptions('..\\..\\evil.csv', downloads).defaultPath).toBe(path.join(downloads, 'evil.csv'));
  expect(saveDialogOptions('', downloads).defaultPath).toBe(path.join(downloads, 'download'));
});

it('accepts downloads from the app itself only', () => {
  const origin = 'app://qoscope';
  expect(isOwnDownload('app://qoscope/export/messages?c=1', origin)).toBe(true);
  expect(isOwnDownload('blob:app://qoscope/5d1c7f0e-2f7e-4c59-9d53-0a4b6f1f2b1e', origin)).toBe(true);
  expect(isOwnDownload('https://example.org/evil.exe', origin)).toBe(false);
  expect(isOwnDownload('app://qoscope.example.org/x', origin)).toBe(false);
  expect(isOwnDownload('blob:https://example.org/x', origin)).toBe(false);
});
