// The bench's one table: every section the bench files wrote, the fields first, each
// number as its headline (median over rounds) with min and max where rounds differed, and the
// issue's goals checked next to the numbers they are about.

/** Sections in the order the issue lists them, each with its required fields first. */
export const SHAPE = {
  ingest: ['bare_msgs_per_s', 'engine_msgs_per_s', 'ratio', 'lost'],
  ui: ['sent', 'shown', 'lost', 'msgs_per_s', 'ratio_to_bare', 'frame_p95_ms'],
  tree: ['topics', 'build_ms', 'engine_rss_mb', 'page_heap_mb', 'scroll_frame_p95_ms'],
  history: ['messages', 'bytes_per_msg'],
  large_payload: ['bytes', 'max_stall_ms'],
  tap: ['overhead_ratio'],
  desktop: ['sent', 'shown', 'lost', 'msgs_per_s', 'ratio_to_bare', 'renderer_heap_mb'],
  saturation: ['sent', 'shown', 'lost', 'msgs_per_s', 'bare_msgs_per_s', 'ratio_to_bare'],
  packets: ['packets', 'frame_p95_ms', 'page_heap_mb'],
  durable: ['ingest_ratio', 'disk_bytes_per_msg', 'reopen_ms', 'crash_recovered_ratio', 'crash_corrupt'],
  cli: ['pub_ratio_to_mqttjs', 'sub_ratio_to_mqttjs', 'lost'],
  broker: ['ratio_to_mosquitto', 'lost', 'restart_retained_ms'],
};

/** The goals (and the tap's from the ingest bench), as `section.field`. */
const GOALS = {
  'ingest.lost': { text: '= 0', ok: (v) => v === 0 },
  'ui.lost': { text: '= 0', ok: (v) => v === 0 },
  'ui.ratio_to_bare': { text: '≥ 0.9', ok: (v) => v >= 0.9 },
  'ui.frame_p95_ms': { text: '≤ 33', ok: (v) => v <= 33 },
  'ui.ui_lag_after_last_input_ms': { text: '≤ 1000', ok: (v) => v <= 1000 },
  'ui.engine_rss_peak_mb': { text: '≤ 200', ok: (v) => v <= 200 },
  'saturation.ratio_to_bare': { text: '≥ 0.8', ok: (v) => v >= 0.8 },
  'saturation.lost': { text: '= 0', ok: (v) => v === 0 },
  'packets.frame_p95_ms': { text: '≤ 33', ok: (v) => v <= 33 },
  'packets.page_heap_mb': { text: '≤ 150', ok: (v) => v <= 150 },
  'tree.engine_rss_mb': { text: '< 200', ok: (v) => v < 200 },
  'tree.page_heap_mb': { text: '< 150', ok: (v) => v < 150 },
  'tree.scroll_frame_p95_ms': { text: '< 50', ok: (v) => v < 50 },
  'history.bytes_per_msg': { text: '≤ 400', ok: (v) => v <= 400 },
  'large_payload.max_stall_ms': { text: '< 200', ok: (v) => v < 200 },
  'tap.overhead_ratio': { text: '≤ 0.15', ok: (v) => v <= 0.15 },
  'desktop.lost': { text: '= 0', ok: (v) => v === 0 },
  'desktop.renderer_heap_mb': { text: '< 150', ok: (v) => v < 150 },
  'durable.ingest_ratio': { text: '≥ 0.9', ok: (v) => v >= 0.9 },
  'durable.disk_bytes_per_msg': { text: '≤ 100', ok: (v) => v <= 100 },
  'durable.reopen_ms': { text: '≤ 1000', ok: (v) => v <= 1000 },
  'durable.search_ratio': { text: '≤ 2', ok: (v) => v <= 2 },
  'durable.lost': { text: '= 0', ok: (v) => v === 0 },
  'durable.crash_recovered_ratio': { text: '≥ 1 (every flushed one)', ok: (v) => v >= 1 },
  'durable.crash_corrupt': { text: '= 0', ok: (v) => v === 0 },
  'cli.pub_ratio_to_mqttjs': { text: '≥ 0.9', ok: (v) => v >= 0.9 },
  'cli.sub_ratio_to_mqttjs': { text: '≥ 0.9', ok: (v) => v >= 0.9 },
  'cli.lost': { text: '= 0', ok: (v) => v === 0 },
  'broker.ratio_to_mosquitto': { text: '≥ 0.6', ok: (v) => v >= 0.6 },
  'broker.lost': { text: '= 0', ok: (v) => v === 0 },
  'broker.restart_retained_ms': { text: '≤ 2000', ok: (v) => v <= 2000 },
};

const number = (value) => {
  if (!Number.isFinite(value)) return String(value);
  const digits = Math.abs(value) >= 100 || Number.isInteger(value) ? 0 : Math.abs(value) >= 10 ? 1 : 3;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits });
};

function shown(value) {
  if (typeof value === 'number') return number(value);
  if (Array.isArray(value)) return value.length === 0 ? '—' : value.map(String).join(' | ');
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Rows of [section, metric, value, min, max, goal]; fields the issue requires but nobody wrote show as "missing". */
function rows(results, expected) {
  const names = [...new Set([...Object.keys(SHAPE).filter((name) => expected.includes(name) || name in results), ...Object.keys(results)])];
  const out = [];
  for (const name of names) {
    const section = results[name];
    if (section === null || typeof section !== 'object') {
      out.push([name, '(not measured)', '', '', '', '']);
      continue;
    }
    const spread = section.spread ?? {};
    const keys = [...new Set([...(SHAPE[name] ?? []), ...Object.keys(section)])].filter((key) => key !== 'spread');
    for (const key of keys) {
      const value = key in section ? section[key] : 'missing';
      const range = spread[key];
      const goal = GOALS[`${name}.${key}`];
      const verdict = goal ? `${typeof value === 'number' && goal.ok(value) ? '✓' : '✗'} ${goal.text}` : '';
      const text = shown(value);
      out.push([name, key, text.length > 90 ? `${text.slice(0, 89)}…` : text, range ? number(range.min) : '', range ? number(range.max) : '', verdict]);
    }
  }
  return out;
}

/** `expected`: the sections that were asked for; one missing from `results` shows as not measured. */
export function table(results, expected = Object.keys(SHAPE)) {
  const body = rows(results, expected);
  const header = ['section', 'metric', 'value', 'min', 'max', 'goal'];
  const width = (i) => Math.max(header[i].length, ...body.map((row) => (i === 2 ? Math.min(row[i].length, 14) : row[i].length)));
  const widths = header.map((_, i) => width(i));
  const line = (row) =>
    row
      .map((cell, i) => (i >= 2 && i <= 4 ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const lines = [line(header), line(widths.map((w) => '─'.repeat(w)))];
  let previous;
  for (const row of body) {
    if (previous !== undefined && row[0] !== previous) lines.push('');
    lines.push(line(row));
    previous = row[0];
  }
  lines.push(
    '',
    'value: the median over rounds (ingest.lost, ui.lost and large_payload.max_stall_ms: the worst round);',
    'min/max: shown where rounds differed. ✓/✗: the issue\'s goals.',
  );
  return lines.join('\n');
}
