import { spawn } from 'node:child_process';

/**
 * A flood of `count` QoS 0 messages with `payloadBytes`-byte payloads from mosquitto_pub in its
 * own process (so the publisher does not compete with the measured subscriber for this event
 * loop), one line per message.
 */
export function flood(port: number, topic: string, count: number, payloadBytes = 64): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(port), '-t', topic, '-q', '0', '-l'], { stdio: ['pipe', 'ignore', 'pipe'] });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`mosquitto_pub exited ${code}: ${errors}`))));
    const line = `${'x'.repeat(payloadBytes)}\n`;
    const block = line.repeat(1000);
    let sent = 0;
    const write = () => {
      while (sent < count) {
        const n = Math.min(1000, count - sent);
        sent += n;
        if (!child.stdin.write(n === 1000 ? block : line.repeat(n))) return void child.stdin.once('drain', write);
      }
      child.stdin.end();
    };
    write();
  });
}
