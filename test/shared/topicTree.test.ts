import { describe, it, expect } from 'vitest';
import { isMqttFilter, TopicTree, type TopicRow, type TopicRowsOptions } from '../../src/shared/topics/topicTree';
import { compareNatural } from '../../src/shared/topics/naturalCompare';
import { topicMatchesFilter } from '../../src/shared/mqtt/topic';
import { mulberry32 } from '../support/random';

const T0 = 1_700_000_000_000;
const encoder = new TextEncoder();
const text = (value: string): Uint8Array => encoder.encode(value);
const EMPTY = new Uint8Array(0);

// Deterministic so a failure reproduces.
const prng = mulberry32;

/** A tree with one QoS 0 message per listed topic, one ms apart. */
function treeOf(...topics: string[]): TopicTree {
  const tree = new TopicTree();
  topics.forEach((topic, i) => tree.add(topic, T0 + i, 0, false, text(`${i}`)));
  return tree;
}

function rowsOf(tree: TopicTree, options: Partial<TopicRowsOptions> = {}): TopicRow[] {
  return [...tree.rows({ expanded: new Set(), sort: 'name', now: T0, ...options })];
}

/** Every path that has children, i.e. the tree fully expanded. */
function allParents(tree: TopicTree): Set<string> {
  const parents = new Set<string>();
  let previous = -1;
  while (parents.size !== previous) {
    previous = parents.size;
    for (const row of tree.rows({ expanded: parents, sort: 'name', now: T0 })) {
      if (row.hasChildren) parents.add(row.path);
    }
  }
  return parents;
}

const paths = (rows: readonly TopicRow[]): string[] => rows.map((row) => row.path);

describe('TopicTree hierarchy and counts', () => {
  it('splits topics into levels and rolls counts up to every ancestor', () => {
    const tree = treeOf(
      'home/kitchen/temp',
      'home/kitchen/temp',
      'home/kitchen/humidity',
      'home/garage',
      'home',
      'office/desk',
    );

    expect(tree.topicCount).toBe(5);
    expect(tree.messageCount).toBe(6);
    expect(tree.node('home')).toMatchObject({ name: 'home', depth: 0, ownMessages: 1, subtreeMessages: 5, subtreeTopics: 4 });
    expect(tree.node('home/kitchen')).toMatchObject({ depth: 1, ownMessages: 0, subtreeMessages: 3, subtreeTopics: 2 });
    expect(tree.node('home/kitchen/temp')).toMatchObject({ name: 'temp', depth: 2, ownMessages: 2, subtreeMessages: 2, subtreeTopics: 1 });
    expect(tree.node('office')).toMatchObject({ ownMessages: 0, subtreeMessages: 1, subtreeTopics: 1 });
    expect(tree.node('home/kitchen')?.last).toBeUndefined();
    expect([...(tree.node('home/kitchen')?.children.keys() ?? [])]).toEqual(['temp', 'humidity']);
    expect(tree.node('nowhere')).toBeUndefined();
  });

  it('lists top-level rows collapsed and a subtree once expanded', () => {
    const tree = treeOf('home/kitchen/temp', 'home/garage', 'home', 'office/desk');

    expect(rowsOf(tree).map((r) => [r.path, r.depth, r.hasChildren, r.expanded])).toEqual([
      ['home', 0, true, false],
      ['office', 0, true, false],
    ]);
    expect(rowsOf(tree, { expanded: new Set(['home']) }).map((r) => [r.path, r.depth, r.hasChildren, r.expanded])).toEqual([
      ['home', 0, true, true],
      ['home/garage', 1, false, false],
      ['home/kitchen', 1, true, false],
      ['office', 0, true, false],
    ]);
  });

  it('hides an expanded node whose parent is collapsed', () => {
    const tree = treeOf('home/kitchen/temp');
    expect(paths(rowsOf(tree, { expanded: new Set(['home/kitchen']) }))).toEqual(['home']);
    expect(paths(rowsOf(tree, { expanded: new Set(['home', 'home/kitchen']) }))).toEqual([
      'home',
      'home/kitchen',
      'home/kitchen/temp',
    ]);
  });

  it('shows the latest message of a topic as text or hex', () => {
    const tree = new TopicTree();
    tree.add('plc/raw', T0, 1, false, Uint8Array.from([0xde, 0xad, 0xbe, 0xef]));
    tree.add('plc/status', T0, 0, false, text('stopped'));
    tree.add('plc/status', T0 + 5, 2, false, text('running\nok'));

    const rows = rowsOf(tree, { expanded: new Set(['plc']) });
    expect(rows[1]).toMatchObject({ path: 'plc/raw', lastQos: 1, lastSize: 4, lastTime: T0 });
    expect(rows[1]?.lastPreview).toEqual({ kind: 'hex', text: 'de ad be ef', truncated: false });
    expect(rows[2]).toMatchObject({ path: 'plc/status', lastQos: 2, lastSize: 10, lastTime: T0 + 5, ownMessages: 2 });
    expect(rows[2]?.lastPreview).toEqual({ kind: 'text', text: 'running␊ok', truncated: false });
    expect(rows[0]).toMatchObject({ path: 'plc', lastPreview: undefined, lastTime: undefined, lastActivity: T0 + 5 });
    expect(tree.node('plc/status')?.last).toEqual({
      time: T0 + 5,
      qos: 2,
      retain: false,
      size: 10,
      preview: { kind: 'text', text: 'running␊ok', truncated: false },
    });
  });

  it('keeps each topic’s own latest preview when thousands of topics update between views', () => {
    const tree = new TopicTree();
    for (let i = 0; i < 10_000; i++) tree.add(`s/${i}`, T0, 0, false, text(`first ${i}`));
    for (let i = 0; i < 10_000; i += 2) tree.add(`s/${i}`, T0 + 1, 0, false, text(`second ${i}`));

    const rows = tree.rows({ expanded: new Set(['s']), sort: 'name', now: T0 });
    expect(rows.length).toBe(10_001);
    expect(rows.at(1)?.lastPreview?.text).toBe('second 0');
    expect(rows.at(2)?.lastPreview?.text).toBe('first 1');
    expect(rows.at(10_000)?.lastPreview?.text).toBe('first 9999');
    expect(tree.node('s/4096')?.last?.preview.text).toBe('second 4096');
  });

  it('previews large payloads correctly however many arrive before they are shown', () => {
    const tree = new TopicTree();
    // 600 × 2 KiB passes the budget for held large payloads, so early previews are rendered
    // while later ones are still held.
    for (let i = 0; i < 600; i++) tree.add(`cam/${i}`, T0, 0, false, text(`frame ${i} `.padEnd(2_048, '.')));
    tree.add('cam/7', T0 + 1, 0, false, text('replaced'.padEnd(4_000, '!')));

    for (const i of [0, 300, 599]) {
      expect(tree.node(`cam/${i}`)?.last?.preview).toEqual({ kind: 'text', text: `frame ${i} `.padEnd(100, '.'), truncated: true });
    }
    expect(tree.node('cam/7')?.last).toMatchObject({ size: 4_000, preview: { text: 'replaced'.padEnd(100, '!'), truncated: true } });
  });

  it('previews payloads that are slices of one decoded batch', () => {
    const batch = text(`firstsecond${'.'.repeat(1_000)}`);
    const tree = new TopicTree();
    tree.add('a', T0, 0, false, batch.subarray(0, 5));
    tree.add('b', T0, 0, false, batch.subarray(5, 11));
    tree.add('c', T0, 0, false, batch.subarray(11));
    expect(tree.node('a')?.last).toMatchObject({ size: 5, preview: { text: 'first', truncated: false } });
    expect(tree.node('b')?.last).toMatchObject({ size: 6, preview: { text: 'second', truncated: false } });
    expect(tree.node('c')?.last).toMatchObject({ size: 1_000, preview: { text: '.'.repeat(100), truncated: true } });
  });

  it('starts over after clear', () => {
    const tree = treeOf('a/b', 'c');
    tree.clear();
    expect(tree.topicCount).toBe(0);
    expect(tree.messageCount).toBe(0);
    expect(tree.node('a')).toBeUndefined();
    expect(rowsOf(tree)).toEqual([]);
    tree.add('d', T0, 0, false, text('x'));
    expect(paths(rowsOf(tree))).toEqual(['d']);
  });
});

describe('TopicTree empty levels', () => {
  it('keeps empty levels as visible rows named ""', () => {
    const tree = treeOf('a//b', '/lead', 'trail/', '/');

    expect(tree.topicCount).toBe(4);
    expect(tree.node('a/')).toMatchObject({ name: '', depth: 1, ownMessages: 0, subtreeMessages: 1 });
    expect(tree.node('a//b')).toMatchObject({ name: 'b', depth: 2, ownMessages: 1 });
    expect(tree.node('')).toMatchObject({ name: '', depth: 0, subtreeMessages: 2, subtreeTopics: 2 });
    expect(tree.node('/')).toMatchObject({ name: '', depth: 1, ownMessages: 1 });
    expect(tree.node('trail/')).toMatchObject({ name: '', depth: 1, ownMessages: 1 });

    const rows = rowsOf(tree, { expanded: allParents(tree) });
    expect(rows.map((r) => [r.path, r.name, r.depth])).toEqual([
      ['', '', 0],
      ['/', '', 1],
      ['/lead', 'lead', 1],
      ['a', 'a', 0],
      ['a/', '', 1],
      ['a//b', 'b', 2],
      ['trail', 'trail', 0],
      ['trail/', '', 1],
    ]);
  });
});

describe('TopicTree filter', () => {
  const drinks = ['soda/cola/diet', 'soda/lemon', 'soda', 'sodapop/orange', 'water/still'];

  it('[MQTT-4.7.1-2] soda/# shows soda, everything below it, and ancestors that lead there', () => {
    const tree = treeOf(...drinks);
    const rows = rowsOf(tree, { filter: 'soda/#' });

    expect(rows.map((r) => [r.path, r.matches, r.expanded])).toEqual([
      ['soda', true, true],
      ['soda/cola', false, true],
      ['soda/cola/diet', true, false],
      ['soda/lemon', true, false],
    ]);
  });

  it('[MQTT-4.7.1-3] +/kitchen/+ matches exactly one level on each side', () => {
    const tree = treeOf(
      'house/kitchen/temp',
      'flat/kitchen/light',
      'house/kitchen/temp/raw',
      'house/kitchen',
      'house/garage/temp',
      'kitchen/x/y',
      '$SYS/kitchen/load',
    );
    const rows = rowsOf(tree, { filter: '+/kitchen/+' });

    expect(rows.map((r) => [r.path, r.matches, r.hasChildren])).toEqual([
      ['flat', false, true],
      ['flat/kitchen', false, true],
      ['flat/kitchen/light', true, false],
      ['house', false, true],
      ['house/kitchen', false, true],
      ['house/kitchen/temp', true, false],
    ]);
  });

  it('[MQTT-4.7.2-1] # does not reach $SYS, but $SYS/# does', () => {
    const tree = treeOf('$SYS/broker/uptime', 'a/b');

    expect(paths(rowsOf(tree, { filter: '#' }))).toEqual(['a', 'a/b']);
    expect(rowsOf(tree, { filter: '$SYS/#' }).map((r) => [r.path, r.matches])).toEqual([
      ['$SYS', false],
      ['$SYS/broker', false],
      ['$SYS/broker/uptime', true],
    ]);
  });

  it('matches plain text case-insensitively anywhere in the path', () => {
    const tree = treeOf('house/Kitchen/temp', 'house/garage', 'kitchenette/x', 'office');
    const rows = rowsOf(tree, { filter: 'KITCHEN' });

    expect(rows.map((r) => [r.path, r.matches])).toEqual([
      ['house', false],
      ['house/Kitchen', true],
      ['house/Kitchen/temp', true],
      ['kitchenette', true],
      ['kitchenette/x', true],
    ]);
  });

  it('treats text with a misplaced wildcard as plain text', () => {
    const tree = treeOf('soda/cola', 'soda#1/x');
    expect(paths(rowsOf(tree, { filter: 'soda#' }))).toEqual(['soda#1', 'soda#1/x']);
  });

  it('shows topics that arrive while a filter is active', () => {
    const tree = treeOf(...drinks);
    expect(paths(rowsOf(tree, { filter: 'soda/+' }))).toEqual(['soda', 'soda/lemon']);
    expect(paths(rowsOf(tree, { filter: 'lemon' }))).toEqual(['soda', 'soda/lemon']);

    tree.add('soda/orange', T0 + 100, 0, false, text('x'));
    tree.add('soda/cola', T0 + 100, 0, false, text('x'));
    tree.add('juice/lemon/fresh', T0 + 100, 0, false, text('x'));
    expect(paths(rowsOf(tree, { filter: 'lemon' }))).toEqual(['juice', 'juice/lemon', 'juice/lemon/fresh', 'soda', 'soda/lemon']);
    expect(paths(rowsOf(tree, { filter: 'soda/+' }))).toEqual(['soda', 'soda/cola', 'soda/lemon', 'soda/orange']);

    tree.add('soda/water', T0 + 200, 0, false, text('x'));
    expect(paths(rowsOf(tree, { filter: 'soda/+' }))).toContain('soda/water');
  });

  it('lists exactly the topics a subscription would receive', () => {
    const topics = [
      'a', 'a/b', 'a/b/c', 'a//c', '/a', '/', 'b/b', 'b/a/c', '$SYS/a', '$SYS/a/b', 'x/$y', 'a/b/c/d',
    ];
    const tree = treeOf(...topics);
    const filters = ['#', '+', '+/+', 'a/#', 'a/+', '+/b/#', '+/+/c', '/#', '+/#', '$SYS/+', '$SYS/#', 'x/+', '$share/g/a/+', '$share/g/#'];
    for (const filter of filters) {
      const matched = rowsOf(tree, { filter }).filter((r) => r.matches).map((r) => r.path).sort();
      const expected = topics.filter((topic) => topicMatchesFilter(filter, topic)).sort();
      expect(matched, filter).toEqual(expected);
    }
  });

  it('agrees with topicMatchesFilter on random trees, including topics that arrive later', () => {
    const random = prng(7);
    const names = ['a', 'b', '', '$s', 'c+', 'x#'];
    const pick = (): string => names[Math.floor(random() * names.length)] ?? '';
    const randomPath = (): string => Array.from({ length: 1 + Math.floor(random() * 4) }, pick).join('/');
    const filters = new Set<string>(['#', '+', '$share/g/a/#', '$share/g/+/b']);
    const levels = ['a', 'b', '', '$s', '+', '#'];
    for (const x of levels) {
      for (const y of levels) {
        filters.add(`${x}/${y}`);
        for (const z of ['+', '#', 'a']) filters.add(`${x}/${y}/${z}`);
      }
    }
    const validFilters = [...filters].filter(isMqttFilter);

    const tree = new TopicTree();
    const topics = new Set<string>();
    const send = (count: number): void => {
      for (let i = 0; i < count; i++) {
        const topic = randomPath();
        topics.add(topic);
        tree.add(topic, T0, 0, false, text('x'));
      }
    };
    const check = (filter: string): void => {
      const matched = rowsOf(tree, { filter }).filter((r) => r.matches).map((r) => r.path).sort();
      const expected = [...topics].filter((topic) => topicMatchesFilter(filter, topic)).sort();
      expect(matched, filter).toEqual(expected);
    };
    send(300);
    for (const filter of validFilters) {
      check(filter);
      // With the filter unchanged, only the topics that arrived since are evaluated.
      send(5);
      check(filter);
    }
  });

  it('shows every row again when the filter is cleared', () => {
    const tree = treeOf(...drinks);
    rowsOf(tree, { filter: 'soda/#' });
    expect(paths(rowsOf(tree, { filter: '' }))).toEqual(['soda', 'sodapop', 'water']);
    expect(rowsOf(tree).every((r) => r.matches)).toBe(true);
  });
});

describe('TopicTree sorting', () => {
  it('sorts names case-sensitively with numbers in numeric order', () => {
    const tree = treeOf('sensor10', 'sensor2', 'Sensor1', 'alpha', 'sensor1', '/x');
    expect(rowsOf(tree).map((r) => r.name)).toEqual(['', 'Sensor1', 'alpha', 'sensor1', 'sensor2', 'sensor10']);

    tree.add('sensor3', T0 + 10, 0, false, text('x'));
    expect(rowsOf(tree).map((r) => r.name)).toEqual(['', 'Sensor1', 'alpha', 'sensor1', 'sensor2', 'sensor3', 'sensor10']);
  });

  it('orders digit runs by value and stays a total order', () => {
    const names = ['x10', 'x9', 'x09', 'x009', 'x1y2', 'x1y10', 'x', 'x99999999999999999999', 'x100000000000000000000'];
    expect([...names].sort(compareNatural)).toEqual([
      'x', 'x1y2', 'x1y10', 'x009', 'x09', 'x9', 'x10', 'x99999999999999999999', 'x100000000000000000000',
    ]);
  });

  it('sorts by subtree messages, busiest first, and re-sorts as counts change', () => {
    const tree = new TopicTree();
    const send = (topic: string, count: number): void => {
      for (let i = 0; i < count; i++) tree.add(topic, T0, 0, false, text('x'));
    };
    send('a/1', 1);
    send('b', 2);
    send('c/1', 1);
    send('c/2', 2);
    expect(rowsOf(tree, { sort: 'messages' }).map((r) => [r.path, r.subtreeMessages])).toEqual([
      ['c', 3],
      ['b', 2],
      ['a', 1],
    ]);

    send('a/2', 5);
    expect(paths(rowsOf(tree, { sort: 'messages' }))).toEqual(['a', 'c', 'b']);
    expect(paths(rowsOf(tree, { sort: 'name' }))).toEqual(['a', 'b', 'c']);
  });

  it('sorts by the most recent activity anywhere in the subtree', () => {
    const tree = new TopicTree();
    tree.add('a/deep/leaf', T0 + 30, 0, false, text('x'));
    tree.add('b', T0 + 20, 0, false, text('x'));
    tree.add('c', T0 + 10, 0, false, text('x'));
    expect(paths(rowsOf(tree, { sort: 'recent' }))).toEqual(['a', 'b', 'c']);

    tree.add('c', T0 + 40, 0, false, text('x'));
    expect(paths(rowsOf(tree, { sort: 'recent' }))).toEqual(['c', 'a', 'b']);
    expect(rowsOf(tree, { sort: 'recent' })[0]?.lastActivity).toBe(T0 + 40);
  });

  it('keeps the chosen order for filtered rows', () => {
    const tree = new TopicTree();
    tree.add('soda/b', T0, 0, false, text('x'));
    tree.add('soda/a', T0, 0, false, text('x'));
    tree.add('soda/a', T0, 0, false, text('x'));
    tree.add('soda/c', T0, 0, false, text('x'));
    expect(paths(rowsOf(tree, { filter: 'soda/#', sort: 'name' }))).toEqual(['soda', 'soda/a', 'soda/b', 'soda/c']);
    expect(paths(rowsOf(tree, { filter: 'soda/#', sort: 'messages' }))).toEqual(['soda', 'soda/a', 'soda/b', 'soda/c']);
    tree.add('soda/c', T0 + 1, 0, false, text('x'));
    tree.add('soda/c', T0 + 1, 0, false, text('x'));
    expect(paths(rowsOf(tree, { filter: 'soda/#', sort: 'messages' }))).toEqual(['soda', 'soda/c', 'soda/a', 'soda/b']);
  });
});

describe('TopicTree retained messages', () => {
  it('[MQTT-3.3.1-5] [MQTT-3.3.1-6] a retained message sets the flag and an empty retained one clears it', () => {
    const tree = new TopicTree();
    tree.add('door', T0, 1, true, text('open'));
    expect(tree.node('door')?.retained).toBe(true);

    tree.add('door', T0 + 1, 1, false, text('closed'));
    expect(tree.node('door')?.retained).toBe(true);

    tree.add('door', T0 + 2, 1, true, EMPTY);
    expect(tree.node('door')?.retained).toBe(false);
    expect(rowsOf(tree)[0]).toMatchObject({ retained: false, lastSize: 0, lastPreview: { kind: 'empty', text: '', truncated: false } });

    tree.add('door', T0 + 3, 0, true, text('open'));
    expect(rowsOf(tree)[0]?.retained).toBe(true);
  });
});

describe('TopicTree rate', () => {
  it('rises with a burst and decays once the topic goes quiet', () => {
    const tree = new TopicTree({ rateTimeConstantMs: 5_000 });
    for (let i = 0; i < 100; i++) tree.add('burst/a', T0 + i, 0, false, text('x'));
    const peak = tree.node('burst/a')?.rate(T0 + 100) ?? 0;

    // 100 messages at once read as 100/τ = 20 msg/s.
    expect(peak).toBeCloseTo(20, 0);
    expect(tree.node('burst')?.rate(T0 + 100)).toBeCloseTo(peak, 9);
    expect(tree.node('burst/a')?.rate(T0 + 5_100)).toBeCloseTo(peak / Math.E, 6);
    expect(tree.node('burst/a')?.rate(T0 + 60_000)).toBeLessThan(0.001);
    expect(rowsOf(tree, { now: T0 + 5_100 })[0]?.rate).toBeCloseTo(peak / Math.E, 6);
  });

  it('settles at the rate of a steady stream and sums children into the parent', () => {
    const tree = new TopicTree();
    for (let ms = 0; ms < 60_000; ms += 100) {
      tree.add('line/1', T0 + ms, 0, false, text('x'));
      tree.add('line/2', T0 + ms + 50, 0, false, text('x'));
    }
    const now = T0 + 60_000;
    expect(tree.node('line/1')?.rate(now)).toBeCloseTo(10, 0);
    expect(tree.node('line')?.rate(now)).toBeCloseTo(20, 0);
    expect(tree.rate(now)).toBeCloseTo(20, 0);
  });

  it('stays accurate over a long session', () => {
    // τ = 100 ms makes 20 s of traffic span 200 time constants.
    const tree = new TopicTree({ rateTimeConstantMs: 100 });
    for (let ms = 0; ms <= 20_000; ms += 10) tree.add('long', T0 + ms, 0, false, text('x'));
    const rate = tree.node('long')?.rate(T0 + 20_000) ?? NaN;
    expect(rate).toBeGreaterThan(95);
    expect(rate).toBeLessThan(106);
    expect(tree.node('long')?.rate(T0 + 21_000)).toBeLessThan(0.01);
  });

  it('refuses a time constant that is not a positive duration', () => {
    expect(() => new TopicTree({ rateTimeConstantMs: 0 })).toThrow(RangeError);
  });
});

describe('TopicTree at scale', () => {
  it('takes 100,000 topics and 500,000 messages and lists them fully expanded', () => {
    const tree = new TopicTree();
    const topics: string[] = [];
    for (let b = 0; b < 100; b++) {
      for (let f = 0; f < 10; f++) {
        for (let r = 0; r < 100; r++) topics.push(`building/${b}/floor/${f}/room/${r}`);
      }
    }
    const payload = text('21.5');
    for (let round = 0; round < 5; round++) {
      topics.forEach((topic, i) => tree.add(topic, T0 + round * 1_000 + i / 100, 1, false, payload));
    }
    expect(tree.topicCount).toBe(100_000);
    expect(tree.messageCount).toBe(500_000);

    const expanded = new Set<string>(['building']);
    for (let b = 0; b < 100; b++) {
      expanded.add(`building/${b}`).add(`building/${b}/floor`);
      for (let f = 0; f < 10; f++) expanded.add(`building/${b}/floor/${f}`).add(`building/${b}/floor/${f}/room`);
    }
    const rows = tree.rows({ expanded, sort: 'name', now: T0 + 5_000 });

    expect(rows.length).toBe(1 + 100 + 100 + 1_000 + 1_000 + 100_000);
    expect(rows.at(0)).toMatchObject({ path: 'building', subtreeMessages: 500_000, subtreeTopics: 100_000 });
    expect(rows.at(1)).toMatchObject({ path: 'building/0', subtreeMessages: 5_000, subtreeTopics: 1_000 });
    expect(rows.at(5)).toMatchObject({ path: 'building/0/floor/0/room/0', ownMessages: 5, depth: 5 });
    expect(rows.at(6)?.path).toBe('building/0/floor/0/room/1');
    expect(rows.at(rows.length - 1)).toMatchObject({ path: 'building/99/floor/9/room/99', ownMessages: 5 });
    expect(rows.indexOf('building/10')).toBe(1 + 10 * 1_022);
    let leaves = 0;
    let messages = 0;
    for (const row of rows) {
      if (!row.hasChildren) {
        leaves++;
        messages += row.ownMessages;
      }
    }
    expect(leaves).toBe(100_000);
    expect(messages).toBe(500_000);

    expect(tree.rows({ expanded, sort: 'messages', now: T0 }).length).toBe(rows.length);
    const filtered = tree.rows({ expanded: new Set(), sort: 'name', filter: 'building/7/+/3/#', now: T0 });
    expect(filtered.length).toBe(1 + 1 + 1 + 1 + 1 + 100);
  });
});
