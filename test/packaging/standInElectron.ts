/**
 * A stand-in for Electron's unpacked Linux distribution, for electron-builder's `electronDist`:
 * the Electron binary cannot be downloaded here. electron-builder copies this folder, renames
 * `electron` to the app's executable and moves LICENSE aside; then @electron/fuses flips the fuse
 * wire inside the binary. So the stand-in binary carries a real fuse wire (the sentinel, wire
 * version 1, length, one byte per fuse) in Electron's default states, and the test can read back
 * what packaging wrote.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Electron's fuse sentinel: the wire follows it in the binary. */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const ENABLED = '1';
const DISABLED = '0';

/**
 * Electron's defaults, in wire order: runAsNode, cookieEncryption, nodeOptions, nodeCliInspect,
 * embeddedAsarIntegrityValidation, onlyLoadAppFromAsar, loadBrowserProcessSpecificV8Snapshot,
 * grantFileProtocolExtraPrivileges.
 */
const DEFAULT_WIRE = [ENABLED, DISABLED, ENABLED, ENABLED, DISABLED, DISABLED, DISABLED, ENABLED].join('');

export async function writeStandInElectron(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const binary = Buffer.concat([
    Buffer.from('#!/bin/sh\necho "stand-in for the Electron binary" >&2\nexit 1\n'),
    Buffer.from(FUSE_SENTINEL),
    Buffer.from([1, DEFAULT_WIRE.length]),
    Buffer.from(DEFAULT_WIRE),
    Buffer.from('\n'),
  ]);
  await writeFile(path.join(dir, 'electron'), binary, { mode: 0o755 });
  await writeFile(path.join(dir, 'LICENSE'), 'Stand-in for Electron\'s LICENSE file.\n');
  return dir;
}
