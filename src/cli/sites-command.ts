import { CLI_ACTOR } from '../privacy/audit-log.js';
import { siteChanges, siteCreated } from '../privacy/site-changes.js';
import { installCheck, snippetTag } from '../sites/install-check.js';
import type { UpdateSiteInput } from '../sites/site-service.js';
import type { Site } from '../store/store.js';
import { UsageError } from './command.js';
import { describeInstall } from './describe-install.js';
import { formatTable } from './format-table.js';
import { type ParsedOptions, parseOptions } from './parse-options.js';
import { reportInputErrors } from './print-error.js';
import { requireSite, UnknownSiteError } from './require-site.js';
import { groupCommand, type SubCommand } from './sub-commands.js';
import { withServices } from './with-services.js';

const ADD_USAGE = `  add DOMAIN [--name NAME] [--timezone TZ] [--mode anonymous|consented|strict]
      [--landing-path PATH]… [--respect-dnt] [--retention-months N] [--origin HOST]… [--param NAME]…
      [--json]
      Add a site (a domain being measured). TZ is an IANA zone such as Europe/Paris (default UTC).
      --landing-path: paths where a visit without referrer is "direct" (default /; PATH* = prefix).
      --origin: another host allowed to send this site's events (its www. always is).
      --param: a query parameter of the site's own to keep in page paths (the snippet's data-params).`;
const LIST_USAGE = `  list [--json]
      List sites.`;
const UPDATE_USAGE = `  update DOMAIN [--name NAME] [--timezone TZ] [--mode anonymous|consented|strict]
      [--landing-path PATH]… [--respect-dnt | --no-respect-dnt] [--retention-months N]
      [--origin HOST]… [--add-origin HOST]… [--remove-origin HOST]… [--param NAME]… [--json]
      Change a site; only the options given change. --origin, --landing-path and --param replace
      the whole list; --add-origin and --remove-origin edit the extra origins (hosts allowed to
      send the site's events, e.g. localhost or staging.example.org to test the snippet there).`;
const CHECK_USAGE = `  check DOMAIN [--json]
      The install check: whether the snippet's events reach Penumbra, when and from which origin,
      and the origins refused with the fix. Exit status 0 once events were taken, 1 while none
      was (never seen, or only refused), 2 for an unknown site.`;

/** What `sites add` says: the site, then the first steps (the tag, other origins, the check). */
function addedText(site: Site, publicUrl: string): string {
  return [
    `Added ${site.domain} (${site.id}).`,
    `Put this tag on its pages: ${snippetTag(publicUrl, site.domain)}`,
    `Events are taken from ${[site.domain, `www.${site.domain}`, ...site.extraOrigins].join(', ')} only; to test elsewhere (localhost, staging): penumbra sites update ${site.domain} --add-origin HOST`,
    `Then check it: penumbra sites check ${site.domain}`,
  ].join('\n');
}

const add: SubCommand = {
  name: 'add',
  usage: ADD_USAGE,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, {
      name: { type: 'string' },
      timezone: { type: 'string' },
      mode: { type: 'string' },
      'landing-path': { type: 'string', multiple: true },
      'respect-dnt': { type: 'boolean' },
      'retention-months': { type: 'string' },
      origin: { type: 'string', multiple: true },
      param: { type: 'string', multiple: true },
      json: { type: 'boolean' },
    });
    const [domain] = positionals;
    if (!domain) throw new UsageError('give the domain to add, e.g. "penumbra sites add example.org"');
    return reportInputErrors(io, 'sites add', () =>
      withServices(io, async ({ sites, audit, config }) => {
        const site = await sites.create({
          domain,
          name: values.name as string | undefined,
          timezone: values.timezone as string | undefined,
          privacyMode: values.mode as string | undefined,
          landingPaths: values['landing-path'] as string[] | undefined,
          respectDnt: values['respect-dnt'] as boolean | undefined,
          retentionMonths:
            values['retention-months'] === undefined ? undefined : Number(values['retention-months']),
          extraOrigins: values.origin as string[] | undefined,
          queryParams: values.param as string[] | undefined,
        });
        await audit.record({ actor: CLI_ACTOR, siteId: site.id, ...siteCreated(site) });
        io.stdout.write(values.json ? `${JSON.stringify(site)}\n` : `${addedText(site, config.baseUrl)}\n`);
        return 0;
      }),
    );
  },
};

const list: SubCommand = {
  name: 'list',
  usage: LIST_USAGE,
  async run(args, io) {
    const { values } = parseOptions(args, { json: { type: 'boolean' } });
    return withServices(io, async ({ sites }) => {
      const all = await sites.list();
      if (values.json) io.stdout.write(`${JSON.stringify(all)}\n`);
      else {
        const rows = all.map((site) => [
          site.domain,
          site.name,
          site.timezone,
          site.privacyMode,
          site.extraOrigins.join(', '),
          site.id,
        ]);
        io.stdout.write(
          `${formatTable(['DOMAIN', 'NAME', 'TIME ZONE', 'PRIVACY', 'EXTRA ORIGINS', 'ID'], rows)}\n`,
        );
      }
      return 0;
    });
  },
};

/** The extra origins after `--origin` (replace), `--add-origin` and `--remove-origin`, or undefined if untouched. */
function editedOrigins(current: readonly string[], values: ParsedOptions['values']): string[] | undefined {
  const replace = values.origin as string[] | undefined;
  const added = (values['add-origin'] as string[] | undefined) ?? [];
  const removed = (values['remove-origin'] as string[] | undefined) ?? [];
  if (replace === undefined && added.length === 0 && removed.length === 0) return undefined;
  const gone = new Set(removed.map((host) => host.trim().toLowerCase()));
  return [...(replace ?? current), ...added].filter((host) => !gone.has(host.trim().toLowerCase()));
}

function respectDntOption(values: ParsedOptions['values']): boolean | undefined {
  if (values['respect-dnt'] && values['no-respect-dnt'])
    throw new UsageError('give --respect-dnt or --no-respect-dnt, not both');
  if (values['respect-dnt']) return true;
  if (values['no-respect-dnt']) return false;
  return undefined;
}

const update: SubCommand = {
  name: 'update',
  usage: UPDATE_USAGE,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, {
      name: { type: 'string' },
      timezone: { type: 'string' },
      mode: { type: 'string' },
      'landing-path': { type: 'string', multiple: true },
      'respect-dnt': { type: 'boolean' },
      'no-respect-dnt': { type: 'boolean' },
      'retention-months': { type: 'string' },
      origin: { type: 'string', multiple: true },
      'add-origin': { type: 'string', multiple: true },
      'remove-origin': { type: 'string', multiple: true },
      param: { type: 'string', multiple: true },
      json: { type: 'boolean' },
    });
    const [reference] = positionals;
    if (!reference)
      throw new UsageError(
        'give the site to change, e.g. "penumbra sites update example.org --timezone Europe/Paris"',
      );
    const respectDnt = respectDntOption(values);
    return reportInputErrors(io, 'sites update', () =>
      withServices(io, async (services) => {
        const site = await requireSite(services, reference);
        const input: UpdateSiteInput = {
          name: values.name as string | undefined,
          timezone: values.timezone as string | undefined,
          privacyMode: values.mode as string | undefined,
          landingPaths: values['landing-path'] as string[] | undefined,
          respectDnt,
          retentionMonths:
            values['retention-months'] === undefined ? undefined : Number(values['retention-months']),
          extraOrigins: editedOrigins(site.extraOrigins, values),
          queryParams: values.param as string[] | undefined,
        };
        if (Object.values(input).every((value) => value === undefined))
          throw new UsageError('say what to change, e.g. --timezone Europe/Paris or --add-origin localhost');
        const updated = await services.sites.update(site.id, input);
        if (!updated) throw new UnknownSiteError(reference, []);
        for (const change of siteChanges(site, updated)) {
          await services.audit.record({ actor: CLI_ACTOR, siteId: site.id, ...change });
        }
        io.stdout.write(
          values.json
            ? `${JSON.stringify(updated)}\n`
            : `Updated ${updated.domain}: time zone ${updated.timezone}, ${updated.privacyMode} mode, origins ${[updated.domain, ...updated.extraOrigins].join(', ')}\n`,
        );
        return 0;
      }),
    );
  },
};

const check: SubCommand = {
  name: 'check',
  usage: CHECK_USAGE,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, { json: { type: 'boolean' } });
    const [reference] = positionals;
    if (!reference) throw new UsageError('give the site to check, e.g. "penumbra sites check example.org"');
    return withServices(io, async (services) => {
      const site = await requireSite(services, reference);
      const result = await installCheck(services.store, site, services.config.baseUrl);
      io.stdout.write(values.json ? `${JSON.stringify(result)}\n` : `${describeInstall(result)}\n`);
      return result.status === 'seen' ? 0 : 1;
    });
  },
};

export const sitesCommand = groupCommand('sites', 'Manage the sites (domains) Penumbra measures.', [
  add,
  list,
  update,
  check,
]);
