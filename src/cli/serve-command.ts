import { loadConfig } from '../config.js';
import { startServer } from '../http/server.js';
import type { Command } from './command.js';
import { parseOptions } from './parse-options.js';

const HELP = `Usage: penumbra serve [--port PORT] [--host HOST]

Starts the Penumbra HTTP server. Settings come from the environment (see README,
"Configuration"); the options below override PORT and HOST.
Stops gracefully on SIGTERM or SIGINT: in-flight requests finish first.

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
    const server = await startServer(config);
    io.stdout.write(`Penumbra listening on ${server.url}\n`);
    const signal = await waitForStopSignal();
    io.stdout.write(`Received ${signal}, shutting down…\n`);
    await server.close();
    io.stdout.write('Stopped.\n');
    return 0;
  },
};
