import { DataRequestError } from '../privacy/data-request-error.js';
import type { DataTargetInput } from '../privacy/data-target.js';
import type { CliIo } from './command.js';
import { UsageError } from './command.js';
import type { ParsedOptions } from './parse-options.js';

/** The options that name what `privacy export` and `privacy erase` are about. */
export const TARGET_OPTIONS = {
  site: { type: 'string' },
  link: { type: 'string' },
  campaign: { type: 'string' },
  tag: { type: 'string' },
} as const;

/** `--site` (required) and at most one of `--link`, `--campaign`, `--tag`. */
export function readTargetOptions(values: ParsedOptions['values']): { site: string; input: DataTargetInput } {
  const site = values.site as string | undefined;
  if (!site) throw new UsageError('name the site: --site DOMAIN');
  const input: DataTargetInput = {
    link: values.link as string | undefined,
    campaign: values.campaign as string | undefined,
    tag: values.tag as string | undefined,
  };
  const named = Object.entries(input).filter(([, value]) => value !== undefined);
  if (named.length > 1) throw new UsageError('name one target: --link, --campaign or --tag, not several');
  return { site, input };
}

/** A refused data request: printed as `code: message` with exit status 1; other errors go up. */
export async function reportDataRequestErrors(
  io: CliIo,
  command: string,
  work: () => Promise<number>,
): Promise<number> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof DataRequestError)) throw error;
    io.stderr.write(`penumbra ${command}: ${error.code}: ${error.message}\n`);
    return 1;
  }
}
