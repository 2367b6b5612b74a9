import type { DataTargetInput } from '../privacy/data-target.js';
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
