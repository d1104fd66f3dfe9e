// The one place that decides which parts of Monaco ship. The `monaco-editor` root entry also
// pulls in ~80 languages plus the CSS/HTML/TypeScript services and their multi-MB workers; since
// 0.56 the package has tree-shakeable entry points, so we take the bare editor, the editor
// features and JSON only.
import * as monaco from 'monaco-editor/editor';

// All editor features rather than a hand-picked few, even though a payload box needs few: the JSON
// support's lazily loaded half imports Monaco's internal worker glue, which registers every
// feature anyway, but only after the editor services have started. Features that bring their own
// services (suggest, code lens, drag and drop) then throw "depends on UNKNOWN service" for every
// editor created afterwards, and later editors get features earlier ones lack. Registering them
// all before the first editor exists avoids both and costs the same bytes overall.
import 'monaco-editor/features/register.all';

// JSON tokenizer, validation and formatting; the language service runs in the JSON worker.
import 'monaco-editor/languages/features/json/register';

// Vite bundles each into its own same-origin file, which `worker-src 'self'` allows and which works
// offline. Monaco's fallback resolves `new URL(..., import.meta.url)` relative to its own modules,
// which stops pointing at real files once Vite has pre-bundled them for the dev server.
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/language/json/json.worker?worker';

self.MonacoEnvironment = {
  getWorker(_workerId: string, label: string): Worker {
    return label === 'json' ? new JsonWorker() : new EditorWorker();
  },
};

export { monaco };
