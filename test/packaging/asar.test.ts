/**
 * What `npm run dist` ships, checked offline: electron-builder's Linux `dir` target with the real
 * electron-builder.yml, against a stand-in Electron distribution (no download), then a look inside
 * app.asar with @electron/asar.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractFile, listPackage, statFile } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { Arch, Platform, build } from 'electron-builder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeStandInElectron } from './standInElectron';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MAX_ASAR_BYTES = 40 * 1024 * 1024;
const ENABLED = '1'.charCodeAt(0);
const DISABLED = '0'.charCodeAt(0);

/** Packages the bundler inlines into the renderer, and tools: none may ship. */
const NOT_SHIPPED = [
  'react', 'react-dom', 'monaco-editor', 'zustand', 'uplot', 'i18next', 'react-i18next',
  'electron', 'electron-builder', 'electron-vite', 'vite', 'vitest', 'typescript', 'eslint',
  '@playwright/test', 'playwright', 'icon-gen', 'sharp', '@doyensec/electronegativity', 'app-builder-lib',
];

let work: string;
let appOutDir: string;
let archive: string;
let entries: string[];

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}`);
}

/** The package a bare import names: `@scope/name` or `name`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

function bareImports(file: string): string[] {
  const code = readFileSync(file, 'utf8');
  const found = [...code.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["']([^"'./\s][^"'\s]*)["']/g)].map((m) => m[1]!);
  return found.filter((specifier) => !specifier.startsWith('node:') && specifier !== 'electron');
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

beforeAll(async () => {
  if (!existsSync(path.join(root, 'out/main/index.js'))) run(process.execPath, [path.join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build']);
  run(process.execPath, [path.join(root, 'scripts/icons.mjs')]);
  work = await mkdtemp(path.join(tmpdir(), 'qoscope-packaging-'));
  const electronDist = await writeStandInElectron(path.join(work, 'electron-dist'));
  const electronVersion = JSON.parse(readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')).version as string;
  await build({
    projectDir: root,
    targets: Platform.LINUX.createTarget('dir', Arch.x64),
    publish: 'never',
    // Merged over electron-builder.yml: the stand-in instead of a download, output outside the repo.
    config: { electronDist, electronVersion, directories: { output: path.join(work, 'dist') } },
  });
  appOutDir = path.join(work, 'dist/linux-unpacked');
  archive = path.join(appOutDir, 'resources/app.asar');
  entries = listPackage(archive, { isPack: false }).map((entry) => entry.split(path.sep).join('/'));
}, 120_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('the packaged app (electron-builder, Linux dir target)', () => {
  it('ships the built main, preload and renderer, with Monaco\'s workers', () => {
    const manifest = JSON.parse(extractFile(archive, 'package.json').toString('utf8')) as { main: string };
    expect(entries).toContain('/' + path.posix.normalize(manifest.main));
    expect(entries).toContain('/out/main/index.js');
    expect(entries).toContain('/out/preload/index.cjs');
    expect(entries).toContain('/out/renderer/index.html');
    const assets = entries.filter((entry) => entry.startsWith('/out/renderer/assets/'));
    expect(assets.some((entry) => /\/editor\.worker-[^/]+\.js$/.test(entry))).toBe(true);
    expect(assets.some((entry) => /\/json\.worker-[^/]+\.js$/.test(entry))).toBe(true);
  });

  it('is named QoScope, which names its data folder (Electron\'s userData)', () => {
    const manifest = JSON.parse(extractFile(archive, 'package.json').toString('utf8')) as { productName?: string };
    expect(manifest.productName).toBe('QoScope');
  });

  it('ships no sources, tests, tooling or source maps', () => {
    const ours = entries.filter((entry) => !entry.startsWith('/node_modules/'));
    const topLevel = new Set(ours.map((entry) => entry.split('/')[1]));
    expect([...topLevel].sort()).toEqual(['node_modules', 'out', 'package.json']);
    expect(ours.filter((entry) => entry.endsWith('.map') || entry.endsWith('.ts'))).toEqual([]);
    const shipped = new Set(entries.filter((entry) => entry.startsWith('/node_modules/')).map((entry) => packageOf(entry.split('/').slice(2).join('/'))));
    expect(NOT_SHIPPED.filter((name) => shipped.has(name))).toEqual([]);
  });

  it('ships every package the main process imports at run time', () => {
    const mainFiles = filesUnder(path.join(root, 'out/main')).filter((file) => file.endsWith('.js'));
    const imported = new Set(mainFiles.flatMap(bareImports).map(packageOf));
    expect(imported.size).toBeGreaterThan(0);
    const missing = [...imported].filter((name) => !entries.includes(`/node_modules/${name}/package.json`));
    expect(missing).toEqual([]);
  });

  it('keeps the native keychain module outside the archive, where the OS can load it', () => {
    const nativeEntries = entries.filter((entry) => /^\/node_modules\/@napi-rs\/keyring-[^/]+\/[^/]+\.node$/.test(entry));
    expect(nativeEntries.length).toBeGreaterThan(0);
    for (const entry of nativeEntries) {
      expect(statFile(archive, entry.slice(1), false)).toMatchObject({ unpacked: true });
      expect(statSync(path.join(appOutDir, 'resources/app.asar.unpacked', entry)).size).toBeGreaterThan(0);
    }
  });

  it('keeps app.asar under 40 MB', () => {
    expect(statSync(archive).size).toBeLessThan(MAX_ASAR_BYTES);
  });

  it('names the executable after the app and flips the hardening fuses in it', async () => {
    const wire = await getCurrentFuseWire(path.join(appOutDir, 'qoscope'));
    expect(wire[FuseV1Options.RunAsNode]).toBe(DISABLED);
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(ENABLED);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(DISABLED);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(DISABLED);
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(ENABLED);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(ENABLED);
    expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(DISABLED);
  });
});

describe('the icons (npm run icons, from resources/icon.svg)', () => {
  const icons = path.join(root, 'resources/icons');
  const pngSize = (file: string) => {
    const bytes = readFileSync(file);
    return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
  };

  it('has a 1024 px PNG and every Linux size', () => {
    expect(pngSize(path.join(icons, 'icon.png'))).toEqual([1024, 1024]);
    for (const size of [16, 32, 48, 64, 128, 256, 512, 1024]) {
      expect(pngSize(path.join(icons, `png/${size}x${size}.png`))).toEqual([size, size]);
    }
  });

  it('has a Windows .ico up to 256 px and a macOS .icns up to 1024 px', () => {
    const ico = readFileSync(path.join(icons, 'icon.ico'));
    expect([...ico.subarray(0, 4)]).toEqual([0, 0, 1, 0]);
    const icoSizes = Array.from({ length: ico.readUInt16LE(4) }, (_, i) => ico[6 + i * 16] || 256);
    expect(icoSizes).toContain(256);
    const icns = readFileSync(path.join(icons, 'icon.icns'));
    expect(icns.subarray(0, 4).toString('latin1')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    // ic10 is the 1024 px (512@2x) image, ic07 the 128 px one.
    expect(icns.includes(Buffer.from('ic10'))).toBe(true);
    expect(icns.includes(Buffer.from('ic07'))).toBe(true);
  });
});
