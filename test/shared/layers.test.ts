import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

// `npm run lint` runs scripts/check-layers.mjs over src/; here it runs over small trees built to break it.
const script = path.resolve(__dirname, '../../scripts/check-layers.mjs');
let tree: string;

function write(files: Record<string, string>): void {
  tree = mkdtempSync(path.join(tmpdir(), 'qoscope-layers-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(tree, file)), { recursive: true });
    writeFileSync(path.join(tree, file), text);
  }
}

function check(): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, [script, tree], { encoding: 'utf8' });
  return { status: run.status, output: run.stdout + run.stderr };
}

afterEach(() => rmSync(tree, { recursive: true, force: true }));

describe('the layer check in npm run lint', () => {
  it('passes a tree that only imports downward', () => {
    write({
      'src/renderer/services/feed.ts': "import { open } from '../transport/socket';\nexport const feed = open;\n",
      'src/renderer/transport/socket.ts': 'export const open = 1;\n',
      'src/renderer/features/log/LogView.ts': "import { feed } from '../../services/feed';\nexport const view = feed;\n",
    });
    expect(check()).toMatchObject({ status: 0 });
  });

  it('fails on a layer imported upward, naming the import', () => {
    write({
      'src/renderer/services/feed.ts': "import { view } from '../features/log/LogView';\nexport const feed = view;\n",
      'src/renderer/features/log/LogView.ts': 'export const view = 1;\n',
    });
    const result = check();
    expect(result.status).toBe(1);
    expect(result.output).toContain('src/renderer/services/feed.ts → src/renderer/features/log/LogView.ts: services may not import features');
  });

  it('fails on a cycle between folders of the same layer, however long', () => {
    write({
      'src/main/engine/a.ts': "import { b } from '../broker/b';\nexport const a = b;\n",
      'src/main/broker/b.ts': "import { c } from '../profiles/c';\nexport const b = c;\n",
      'src/main/profiles/c.ts': "import { a } from '../engine/a';\nexport const c = () => a;\n",
    });
    const result = check();
    expect(result.status).toBe(1);
    expect(result.output).toContain('import cycle between folders src/main/broker, src/main/engine, src/main/profiles');
  });

  it('fails on a folder that has no layer yet', () => {
    write({
      'src/main/engine/a.ts': "import { b } from '../gadgets/b';\nexport const a = b;\n",
      'src/main/gadgets/b.ts': 'export const b = 1;\n',
    });
    expect(check().output).toContain('src/main/gadgets has no layer');
  });
});
