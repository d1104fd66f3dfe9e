// `npm run security`: Electronegativity over src/, offline. Fails on any finding that
// electronegativity.json does not justify, and on any file it could not parse (an unparsed file
// is an unscanned one). Prints each accepted finding with its reason.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

// The tool fetches updated translations from the internet at start (and Electron's release list in
// a check skipped below). Tests here send nothing off this machine: its HTTP client answers
// "offline" at once, and the bundled English texts are used.
const toolRequire = createRequire(require.resolve('@doyensec/electronegativity'));
const gotPath = toolRequire.resolve('got');
const offline = () => Promise.reject(new Error('offline: Electronegativity runs without network access here'));
offline.head = offline;
require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: offline };
const runElectronegativity = require('@doyensec/electronegativity');
const config = JSON.parse(readFileSync(path.join(root, 'electronegativity.json'), 'utf8'));
const { version: electronVersion } = JSON.parse(readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8'));

const { issues, errors } = await runElectronegativity({
  input: path.join(root, 'src'),
  isRelative: true,
  // The installed Electron, so version-dependent checks judge the version that ships.
  electronVersionOverride: electronVersion,
  customScan: [],
  excludeFromScan: Object.keys(config.skippedChecks).map((name) => name.toLowerCase()),
  parserPlugins: [],
});

const justification = (issue) =>
  config.accepted.find((entry) => entry.check === issue.id && (entry.file === '*' || entry.file === issue.file));
const where = (issue) => (issue.file === 'N/A' ? 'the whole app' : `src/${issue.file}:${issue.location.line}`);

let failures = 0;
for (const error of errors.filter((e) => !e.tolerable)) {
  console.log(`✗ could not parse src/${error.file}: ${error.message}`);
  failures += 1;
}
const used = new Set();
for (const issue of issues) {
  const entry = justification(issue);
  if (entry) {
    used.add(entry);
    console.log(`  accepted ${issue.id} in ${where(issue)}: ${entry.reason}`);
  } else {
    console.log(`✗ ${issue.id} (${issue.severity.name ?? issue.severity}, ${issue.confidence.name ?? issue.confidence}) in ${where(issue)}: ${issue.description}`);
    if (issue.sample) console.log(`    ${issue.sample.trim()}`);
    console.log(`    fix it, or justify it in electronegativity.json (${issue.shortenedURL ?? 'see the Electronegativity wiki'})`);
    failures += 1;
  }
}
for (const entry of config.accepted.filter((e) => !used.has(e))) {
  console.log(`  note: electronegativity.json accepts ${entry.check} in ${entry.file}, which no longer occurs; remove the entry.`);
}
console.log(failures === 0 ? `Electronegativity: no unjustified findings (${issues.length} accepted).` : `Electronegativity: ${failures} problem(s).`);
process.exit(failures === 0 ? 0 : 1);
