// `npm run icons`: every icon each OS needs, generated from the one source image resources/icon.svg
// into resources/icons/ (not committed: generated on every `npm run dist`, so it never drifts from
// the source). macOS: icon.icns; Windows: icon.ico; Linux: png/NxN.png; plus icon.png (1024).
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import iconGen from 'icon-gen';
import sharp from 'sharp';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const source = path.join(root, 'resources/icon.svg');
const outDir = path.join(root, 'resources/icons');
const linuxSizes = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

export async function generateIcons() {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(path.join(outDir, 'png'), { recursive: true });
  // icon-gen renders the SVG at each size the format wants (ICO 16–256, ICNS 16–1024).
  await iconGen(source, outDir, { report: false, ico: { name: 'icon' }, icns: { name: 'icon' } });
  const svg = readFileSync(source);
  await sharp(svg).png().toFile(path.join(outDir, 'icon.png'));
  for (const size of linuxSizes) {
    await sharp(svg).resize(size, size).png().toFile(path.join(outDir, 'png', `${size}x${size}.png`));
  }
  return outDir;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await generateIcons();
  console.log(`Icons written to ${path.relative(root, outDir)}/`);
}
