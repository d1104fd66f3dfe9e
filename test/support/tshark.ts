import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import net from 'node:net';

export const TSHARK = '/usr/bin/tshark';
export const hasTshark = existsSync(TSHARK);

/** One tshark field as `-T json -x` reports it: value, and where its bytes sit in the frame. */
export type TsharkField = { name: string; value: string; pos: number; length: number; bitmask: number };
/** One MQTT PDU as tshark decoded it: its exact bytes, and every field inside it. */
export type TsharkPdu = { frame: number; srcPort: number; bytes: string; pos: number; fields: TsharkField[] };

/**
 * Live capture on loopback, filtered to one port; resolves once a probe connection to that port has
 * reached the capture file. tshark prints "Capturing on" before its capture really runs, and on a
 * busy machine the first packets after that line (our CONNECT) could otherwise be missed.
 */
export async function startLoopbackCapture(port: number, file: string): Promise<{ stop(): Promise<void> }> {
  const child: ChildProcess = spawn(TSHARK, ['-i', 'lo', '-f', `tcp port ${port}`, '-w', file, '-q'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let errors = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`tshark did not start capturing:\n${errors}`)), 15_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      errors += chunk.toString();
      if (errors.includes('Capturing on')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`tshark exited (${code}):\n${errors}`)));
  });
  await probeUntilCaptured(port, file);
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGINT');
      }),
  };
}

async function probeUntilCaptured(port: number, file: string): Promise<void> {
  const size = () => (existsSync(file) ? statSync(file).size : 0);
  const before = size();
  for (let attempt = 0; attempt < 100; attempt += 1) {
    // A bare TCP open/close carries no MQTT bytes, so the PDUs read later are unaffected.
    await new Promise<void>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.end());
      socket.on('close', () => resolve());
      socket.on('error', () => resolve());
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    if (size() > before) return;
  }
  throw new Error(`tshark captured nothing on port ${port}`);
}

/**
 * Reads a capture file and returns every MQTT PDU tshark finds. A live capture needs `decodeAs`,
 * the broker's port, unless it is 1883; QoScope's exports must not.
 */
export function readMqttPdus(file: string, decodeAs?: number): TsharkPdu[] {
  const result = spawnSync(
    TSHARK,
    [
      '-r', file,
      ...(decodeAs === undefined ? [] : ['-d', `tcp.port==${decodeAs},mqtt`]),
      '-o', 'tcp.desegment_tcp_streams:TRUE',
      '-Y', 'mqtt', '-T', 'json', '-x', '--no-duplicate-keys',
    ],
    { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  );
  if (result.status !== 0) throw new Error(`tshark failed (${result.status}): ${result.stderr}`);
  const frames = JSON.parse(result.stdout) as { _source: { layers: Record<string, unknown> } }[];
  const pdus: TsharkPdu[] = [];
  for (const frame of frames) {
    const layers = frame._source.layers;
    const number = Number((layers.frame as Record<string, string> | undefined)?.['frame.number']);
    const srcPort = sourcePort(layers);
    // Several MQTT PDUs in one frame come as arrays when duplicate keys are merged.
    const raws = asArray(layers.mqtt_raw) as unknown[][];
    const trees = asArray(layers.mqtt) as Record<string, unknown>[];
    raws.forEach((raw, i) => {
      const fields: TsharkField[] = [];
      collectFields(trees[i] ?? {}, fields);
      pdus.push({ frame: number, srcPort, bytes: String(raw[0]), pos: Number(raw[1]), fields });
    });
  }
  return pdus;
}

/** From the TCP header of a live capture, or the port tag of an exported-PDU frame. */
function sourcePort(layers: Record<string, unknown>): number {
  const tcp = (layers.tcp as Record<string, string> | undefined)?.['tcp.srcport'];
  if (tcp !== undefined) return Number(tcp);
  const tags = asArray((layers.exported_pdu as Record<string, unknown> | undefined)?.['exported_pdu.tag_tree']) as Record<string, unknown>[];
  const port = tags.find((tag) => tag['exported_pdu.src_port'] !== undefined)?.['exported_pdu.src_port'];
  return Number(port);
}

function asArray(value: unknown): unknown[] {
  if (value === undefined) return [];
  // mqtt_raw is itself an array [hex, pos, len, mask, type]; a list of them is an array of arrays.
  if (Array.isArray(value) && (value.length === 0 || Array.isArray(value[0]) || typeof value[0] === 'object')) return value;
  return [value];
}

function collectFields(tree: Record<string, unknown>, out: TsharkField[]): void {
  for (const [key, value] of Object.entries(tree)) {
    if (key.endsWith('_raw')) continue;
    if (key.endsWith('_tree') || (value !== null && typeof value === 'object' && !Array.isArray(value))) {
      if (Array.isArray(value)) value.forEach((v) => collectFields(v as Record<string, unknown>, out));
      else collectFields(value as Record<string, unknown>, out);
    }
    const raw = tree[`${key}_raw`];
    if (!Array.isArray(raw)) continue;
    const values = Array.isArray(value) ? value : [value];
    const raws: unknown[][] = Array.isArray(raw[0]) ? (raw as unknown[][]) : [raw];
    raws.forEach((r, i) => {
      const v = values[i];
      if (typeof v !== 'string') return;
      out.push({ name: key, value: v, pos: Number(r[1]), length: Number(r[2]), bitmask: Number(r[3]) });
    });
  }
}
