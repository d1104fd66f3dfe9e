#!/usr/bin/env node
// `qoscope`, the command line face of the engine: plain Node, never imports electron.
import { EXIT, ConnectionError, UsageError } from './cli/cliErrors';
import { PUB_HELP, pubCommand } from './cli/pubCommand';
import { SUB_HELP, subCommand } from './cli/subCommand';
import { lineWriter } from './cli/lineWriter';
import { RECORD_HELP, recordCommand } from './cli/recordCommand';
import { REPLAY_HELP, replayCommand } from './cli/replayCommand';
import { CHECK_HELP, checkCommand } from './cli/checkCommand';
import { BENCH_HELP, benchCommand } from './cli/benchCommand';

const HELP = `qoscope: MQTT from the command line, with QoScope's engine

  qoscope pub …    publish (qoscope pub --help)
  qoscope sub …    subscribe and print (qoscope sub --help)
  qoscope record … keep messages as JSON Lines, or packets as pcapng (qoscope record --help)
  qoscope replay … publish a recording again with its timing (qoscope replay --help)
  qoscope check …  what a broker supports and whether it behaves (qoscope check --help)
  qoscope bench …  load a broker: msg/s, latency, lost and duplicated (qoscope bench --help)

Exit codes: 0 ok, 1 usage, 2 connection refused or failed, 3 a check failed.`;

const COMMANDS: Record<string, { help: string; run(args: string[]): Promise<number> }> = {
  pub: { help: PUB_HELP, run: async (args) => (await pubCommand(args, { error: (line) => console.error(line) }), EXIT.ok) },
  sub: {
    help: SUB_HELP,
    run: async (args) => {
      const stdout = lineWriter((text) => process.stdout.write(text));
      try {
        return await subCommand(args, { line: stdout.line, error: (text) => (stdout.flush(), console.error(text)) });
      } finally {
        stdout.flush();
      }
    },
  },
  record: { help: RECORD_HELP, run: (args) => recordCommand(args, { error: (line) => console.error(line) }) },
  check: { help: CHECK_HELP, run: (args) => checkCommand(args, { line: (text) => process.stdout.write(`${text}\n`), error: (text) => console.error(text) }) },
  bench: {
    help: BENCH_HELP,
    run: async (args) => {
      const live = process.stderr.isTTY;
      await benchCommand(args, { line: (text) => process.stdout.write(`${text}\n`), progress: (text) => process.stderr.write(live ? `\r${text}` : `${text}\n`) });
      if (live) process.stderr.write('\n');
      return EXIT.ok;
    },
  },
  replay: { help: REPLAY_HELP, run: async (args) => (await replayCommand(args, { error: (line) => console.error(line) }), EXIT.ok) },
};

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === 'help') {
    console.log(HELP);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`qoscope: no command "${name}"; use pub, sub, record, replay, check or bench (qoscope --help)`);
    return EXIT.usage;
  }
  if (args.includes('--help')) {
    console.log(command.help);
    return EXIT.ok;
  }
  try {
    return await command.run(args);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`qoscope ${name}: ${(error as Error).message}\n(qoscope ${name} --help shows every flag)`);
      return EXIT.usage;
    }
    if (error instanceof ConnectionError) {
      console.error(`qoscope ${name}: could not connect to ${error.message}`);
      return EXIT.connection;
    }
    console.error(`qoscope ${name}: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.connection;
  }
}

// Exit once output is flushed, with the command's code.
void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
  // A finished command leaves nothing to wait for; a stray timer must not keep it alive.
  setTimeout(() => process.exit(code), 100).unref();
});
