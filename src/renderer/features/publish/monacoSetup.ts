// The one place that decides which parts of Monaco ship. `monaco-editor` itself pulls in every
// language and feature (several MB); since 0.56 the package exposes tree-shakeable entry points,
// so we take the bare editor and opt into the few features a payload box benefits from.
import * as monaco from 'monaco-editor/editor';

// Side-effect imports: each registers an editor contribution (or CSS) that the bare core lacks.
// codicon carries the icon font CSS used by folding arrows, the find widget and hovers.
import 'monaco-editor/features/codicon/register';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/contextmenu/register';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/folding/register';
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/format/register';
import 'monaco-editor/features/wordOperations/register';
import 'monaco-editor/features/linesOperations/register';

// JSON tokenizer, validation and formatting. Its heavy half (jsonMode) is a dynamic import that
// Monaco only loads the first time a JSON model exists, so plaintext-only use never pays for it.
import 'monaco-editor/languages/features/json/register';

// Bundled as separate same-origin worker files, so they satisfy `worker-src 'self'` and work offline;
// Monaco's fallback would build worker URLs itself, which a bundler cannot see.
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/language/json/json.worker?worker';

self.MonacoEnvironment = {
  getWorker(_workerId: string, label: string): Worker {
    return label === 'json' ? new JsonWorker() : new EditorWorker();
  },
};

export { monaco };
