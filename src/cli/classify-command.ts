import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { classifyFacts } from '../classify/index.js';
import { InvalidInputError, readClassifyInput } from '../classify/read-input.js';
import type { CliIo, Command } from './command.js';
import { parseOptions } from './parse-options.js';
import { LineWriter } from './write-lines.js';

const HELP = `Usage: penumbra classify [FILE] [--landing-path PATH]...

Classifies requests read as JSON Lines from FILE, or from standard input when FILE is
missing or "-". Each line is an object with "url" and optional "referrer", "userAgent",
"hints", "trackedChannel", "shareToken" and "landingPaths". Each output line is the input
object with a "result" field added: {kind, channel, medium, source, evidence, confidence}.

A malformed line is answered on its own output line with
  {"line": N, "error": {"code": "invalid_json" | "invalid_input", "message": "…"}}
and the rest go on. Blank lines are skipped. Exit status: 0 when every line was read,
1 when any line was malformed (the count is printed on standard error), 2 on a usage error.

Options:
  --landing-path PATH  A path that counts as a landing page (no referrer there is "direct").
                       Repeat for several; a trailing * matches a prefix. Default: /
  -h, --help           Show this help.`;

type LineOutcome = { ok: true; text: string } | { ok: false; text: string };

function malformed(lineNumber: number, code: string, message: string): LineOutcome {
  return { ok: false, text: JSON.stringify({ line: lineNumber, error: { code, message } }) };
}

function classifyLine(line: string, lineNumber: number, landingPaths: string[] | undefined): LineOutcome {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return malformed(lineNumber, 'invalid_json', (error as Error).message);
  }
  try {
    const input = readClassifyInput(value);
    const result = classifyFacts(landingPaths && !input.landingPaths ? { ...input, landingPaths } : input);
    return { ok: true, text: JSON.stringify({ ...(value as object), result }) };
  } catch (error) {
    if (error instanceof InvalidInputError) return malformed(lineNumber, error.code, error.message);
    throw error;
  }
}

function openInput(file: string | undefined, io: CliIo): Readable {
  return file === undefined || file === '-' ? io.stdin : createReadStream(file);
}

export const classifyCommand: Command = {
  name: 'classify',
  summary: 'Classify requests from JSON Lines (person, link preview or bot; channel and source)',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, {
      'landing-path': { type: 'string', multiple: true },
    });
    if (values.help) {
      io.stdout.write(`${HELP}\n`);
      return 0;
    }
    const landingPaths = values['landing-path'] as string[] | undefined;
    const lines = createInterface({
      input: openInput(positionals[0], io),
      crlfDelay: Number.POSITIVE_INFINITY,
    });
    const out = new LineWriter(io.stdout);
    let lineNumber = 0;
    let malformedCount = 0;
    for await (const line of lines) {
      lineNumber += 1;
      if (line.trim() === '') continue;
      const outcome = classifyLine(line, lineNumber, landingPaths);
      if (!outcome.ok) malformedCount += 1;
      await out.write(outcome.text);
    }
    await out.flush();
    if (malformedCount === 0) return 0;
    io.stderr.write(`penumbra classify: ${malformedCount} malformed line(s) of ${lineNumber}\n`);
    return 1;
  },
};
