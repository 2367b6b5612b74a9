import { type Config, loadConfig } from '../config.js';
import { withDeadline } from '../events/deadline.js';
import type { SinkHealth } from '../events/event-sink.js';
import { startServer } from '../http/server.js';
import { recordServerUrl } from '../public-url.js';
import { startDemo } from '../seed/start-demo.js';
import type { CliIo, Command } from './command.js';
import { parseOptions } from './parse-options.js';

const HELP = `Usage: penumbra serve [--port PORT] [--host HOST]

Starts the Penumbra HTTP server. Settings come from the environment (see README,
"Configuration"); the options below override PORT and HOST.
Stops gracefully on SIGTERM or SIGINT: in-flight requests finish first, pending events are
written; what the store cannot take within PENUMBRA_SHUTDOWN_TIMEOUT_MS (30 s) is spooled to
PENUMBRA_SPOOL_DIR and replayed at the next start. Exit status 0 when every event was stored or
spooled, 1 when some had to be dropped (the spool was full or failing).
On a store without any site (a fresh install) it creates the site demo.penumbra.local and fills
it with 90 days of demo traffic in the background; PENUMBRA_DEMO=0 turns that off.
On a store without any user it prints a one-time setup URL, where the first owner account is
created (a new one at every start until then).

Options:
  --port PORT  Port to listen on (default: $PORT or 8080; 0 picks a free port).
  --host HOST  Address to bind (default: $HOST or 0.0.0.0).
  -h, --help   Show this help.`;

function waitForStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      resolve(signal);
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}

/**
 * PENUMBRA_BASE_URL, or its default `http://localhost:$PORT` — with the port actually bound when
 * `--port 0` asked for any free one (only known once listening).
 */
function setupBaseUrl(
  env: Readonly<Record<string, string | undefined>>,
  config: Config,
  listening: string,
): string {
  if (env.PENUMBRA_BASE_URL?.trim() || config.port !== 0) return config.baseUrl;
  return `http://localhost:${new URL(listening).port}`;
}

/** Says what shutdown could not store, and chooses the exit status (see HELP). */
function reportShutdown(io: CliIo, config: Config, events: SinkHealth): number {
  if (events.spooled > 0) {
    io.stdout.write(
      `${events.spooled} events wait in ${config.spoolDir}; they are written at the next start.\n`,
    );
  }
  // A peer still connected after the deadline keeps the loop alive: leave anyway, events are safe.
  setTimeout(() => process.exit(events.dropped > 0 ? 1 : 0), 1_000).unref();
  if (events.dropped > 0) {
    io.stderr.write(`${events.dropped} events were dropped (spool full or failing); see the log.\n`);
    return 1;
  }
  io.stdout.write('Stopped.\n');
  return 0;
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Start the HTTP server',
  help: HELP,
  async run(args, io) {
    const { values } = parseOptions(args, { port: { type: 'string' }, host: { type: 'string' } });
    if (values.help) {
      io.stdout.write(`${HELP}\n`);
      return 0;
    }
    const config = loadConfig({
      ...io.env,
      ...(values.port === undefined ? {} : { PORT: String(values.port) }),
      ...(values.host === undefined ? {} : { HOST: String(values.host) }),
    });
    // Listened for before anything is printed: a service manager (or a test) that sends SIGTERM as
    // soon as it reads "listening" must get a graceful stop, not Node's default (killed at once).
    const stopSignal = waitForStopSignal();
    const server = await startServer(config);
    io.stdout.write(`Penumbra listening on ${server.url}\n`);
    const base = setupBaseUrl(io.env, config, server.url);
    recordServerUrl(io.env, config, base);
    if (!io.env.PENUMBRA_BASE_URL?.trim()) {
      io.stdout.write(
        `Short links and the snippet use ${base}; set PENUMBRA_BASE_URL to the address visitors reach.\n`,
      );
    }
    if (server.setupToken !== undefined) {
      io.stdout.write(`Set up Penumbra: ${base}/setup?token=${server.setupToken}\n`);
    }
    // Only once the server listens: the demo never delays the start.
    const demo = config.demo
      ? startDemo(server.services, {
          info: (line) => io.stdout.write(`${line}\n`),
          error: (error) =>
            io.stderr.write(`Demo seeding failed: ${error instanceof Error ? error.message : error}\n`),
        })
      : undefined;
    const signal = await stopSignal;
    // One deadline for the whole shutdown (issue 13, finding 3): a dead store cannot hold it forever.
    const deadline = Date.now() + config.shutdownTimeoutMs;
    io.stdout.write(`Received ${signal}, shutting down…\n`);
    // The seeding writes straight to the store, which closing the server closes: stop it first.
    if (demo) await withDeadline(demo.stop(), deadline);
    await server.close(deadline);
    return reportShutdown(io, config, server.services.sink.health());
  },
};
