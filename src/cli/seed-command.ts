import { CLI_ACTOR } from '../privacy/audit-log.js';
import { SeedProgress } from '../seed/seed-progress.js';
import { seedSite } from '../seed/seed-site.js';
import type { CliIo, Command } from './command.js';
import { UsageError } from './command.js';
import { parseOptions } from './parse-options.js';
import { reportInputErrors } from './print-error.js';
import { requireSite } from './require-site.js';
import { withServices } from './with-services.js';

const HELP = `Usage: penumbra seed --site DOMAIN [--create-site] [--events N] [--days D] [--seed S]

Fills a site with realistic demo traffic: the channel mix of a news site (a third of it dark
social: WhatsApp, Messenger, Telegram, Signal, e-mail, SMS, copy-paste, deep links; search,
social, referrals, direct, a little paid), page views with internal navigation, share cascades
over generations, copies, shares, outbound clicks and custom events, conversions by channel
(newsletter sign-ups, the offer page, subscriptions with revenue in EUR and USD), and 5–20 share
kits with their link previews, clicks and bots. Weekdays are busier, the day has a morning and an evening
peak, the audience grows gently. The same --seed gives the same events (kits get new slugs).
Writes into the same store as the server. An unknown site stops the command (exit status 2,
the known sites listed) unless --create-site is given: demo traffic in a mistyped site would
pass for a real one.

Options:
  --site DOMAIN  The site to fill (required).
  --create-site  Create the site if it does not exist.
  --events N     How many events (default 100000).
  --days D       Spread over the last D days up to now (default 90).
  --seed S       Seed of the generator, a whole number (default 1).
  -h, --help     Show this help.`;

function wholeNumber(value: unknown, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const text = String(value).replaceAll('_', '');
  const number = Number(text);
  if (text.trim() === '' || !Number.isInteger(number) || number < min || number > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${value}"`);
  }
  return number;
}

export const seedCommand: Command = {
  name: 'seed',
  summary: 'Fill a site with realistic demo traffic',
  help: HELP,
  async run(args, io: CliIo) {
    const { values, positionals } = parseOptions(args, {
      site: { type: 'string' },
      'create-site': { type: 'boolean' },
      events: { type: 'string' },
      days: { type: 'string' },
      seed: { type: 'string' },
    });
    if (values.help) {
      io.stdout.write(`${HELP}\n`);
      return 0;
    }
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const domain = values.site as string | undefined;
    if (!domain) throw new UsageError('--site DOMAIN is required');
    const events = wholeNumber(values.events, 'events', 100_000, 1, 1_000_000_000);
    const days = wholeNumber(values.days, 'days', 90, 1, 3_650);
    const seed = wholeNumber(values.seed, 'seed', 1, 0, 2 ** 32 - 1);
    // The bar goes where the summary goes; off a terminal only the summary is written.
    const progress = new SeedProgress({
      stream: io.stdout as CliIo['stdout'] & { isTTY?: boolean },
      total: events,
    });
    return reportInputErrors(io, 'seed', () =>
      withServices(io, async (services) => {
        await requireSite(services, domain, {
          create: values['create-site'] === true,
          createOption: '--create-site',
        });
        const result = await seedSite(services, {
          actor: CLI_ACTOR,
          domain,
          events,
          days,
          seed,
          onProgress: (stored) => progress.update(stored),
        });
        progress.finish(result.site.domain, days);
        return 0;
      }),
    );
  },
};
