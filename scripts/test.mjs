// `npm test`: typecheck, lint, build, unit + engine tests (vitest), then the browser e2e tests
// (Playwright). Ends with one line "N passed, N failed" summing every runner; exits non-zero on
// any failure.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules/.bin', name);
const reports = mkdtempSync(path.join(tmpdir(), 'qoscope-test-'));
let passed = 0;
let failed = 0;

function step(name, command, args, env = {}) {
  console.log(`\n── ${name} ──`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status === 0;
}

function check(name, command, args) {
  // Typecheck, lint and build are checks too: count them, so a broken build cannot hide.
  if (step(name, command, args)) passed += 1;
  else {
    failed += 1;
    console.log(`✗ ${name} failed`);
  }
}

check('typecheck', 'npm', ['run', '--silent', 'typecheck']);
check('lint (ESLint, then layers and folder cycles)', 'npm', ['run', '--silent', 'lint']);
// Electron security review of src/ (Electronegativity); remaining findings are justified in electronegativity.json.
check('electronegativity', process.execPath, [path.join(root, 'scripts/electronegativity.mjs')]);
const built = step('build', bin('electron-vite'), ['build']);
if (built) passed += 1;
else failed += 1;

const vitestReport = path.join(reports, 'vitest.json');
step('unit and engine tests (vitest)', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport}`]);
try {
  const report = JSON.parse(readFileSync(vitestReport, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests + (report.numFailedTestSuites ?? 0);
  if (report.numTotalTests === 0) failed += 1;
} catch {
  console.log('✗ vitest produced no report');
  failed += 1;
}

if (built) {
  const playwrightReport = path.join(reports, 'playwright.json');
  step('end-to-end tests (Playwright, Chromium, browser mode)', bin('playwright'), ['test', '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport,
  });
  try {
    const report = JSON.parse(readFileSync(playwrightReport, 'utf8'));
    passed += report.stats.expected;
    failed += report.stats.unexpected + report.stats.flaky;
    if (report.stats.expected + report.stats.unexpected === 0) failed += 1;
    for (const error of report.errors ?? []) {
      console.log(`✗ playwright: ${error.message ?? error}`);
      failed += 1;
    }
  } catch {
    console.log('✗ playwright produced no report');
    failed += 1;
  }
} else {
  console.log('✗ skipping end-to-end tests: the build failed');
  failed += 1;
}

rmSync(reports, { recursive: true, force: true });
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
