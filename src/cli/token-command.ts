import { AccessInputError } from '../accounts/access-input-error.js';
import { resolveSiteRefs } from '../accounts/site-refs.js';
import { createApiToken } from '../auth/api-tokens.js';
import { SCOPE_NAMES } from '../auth/token-scopes.js';
import { CLI_ACTOR } from '../privacy/audit-log.js';
import { isTokenScope } from '../store/records.js';
import type { TokenScope } from '../store/store.js';
import { UsageError } from './command.js';
import { formatTable } from './format-table.js';
import { parseOptions } from './parse-options.js';
import { reportInputErrors } from './print-error.js';
import { requireSite } from './require-site.js';
import { groupCommand, type SubCommand } from './sub-commands.js';
import { withServices } from './with-services.js';

const CREATE_USAGE = `  create --name NAME [--scope SCOPE]... [--site SITE]...
      Create an API token for "Authorization: Bearer <token>". The token is printed once, on
      the last line; only its SHA-256 is stored. --scope (repeatable or comma-separated):
      ${SCOPE_NAMES.join(', ')}; default admin. --site (id or domain, repeatable): the only sites
      it may use, others answer 404; default every site. See docs/access.md.`;
const LIST_USAGE = `  list
      List API tokens (names, scopes, sites and creation dates, never the secrets).`;
const REVOKE_USAGE = `  revoke NAME
      Delete the token with that name.`;

/** `--scope a --scope b,c` → [a, b, c]; an unknown scope is a usage error. */
function readScopes(values: unknown): TokenScope[] | undefined {
  if (values === undefined) return undefined;
  const scopes = (values as string[]).flatMap((value) => value.split(',')).map((scope) => scope.trim());
  const unknown = scopes.find((scope) => !isTokenScope(scope));
  if (unknown !== undefined) {
    throw new UsageError(`unknown scope "${unknown}": use ${SCOPE_NAMES.join(', ')}`);
  }
  return scopes as TokenScope[];
}

const create: SubCommand = {
  name: 'create',
  usage: CREATE_USAGE,
  async run(args, io) {
    const { values } = parseOptions(args, {
      name: { type: 'string' },
      scope: { type: 'string', multiple: true },
      site: { type: 'string', multiple: true },
    });
    const name = (values.name as string | undefined)?.trim();
    if (!name) throw new UsageError('give the token a name: --name NAME');
    const scopes = readScopes(values.scope);
    const siteRefs = values.site as string[] | undefined;
    return reportAccessErrors(io, () =>
      withServices(io, async ({ store, audit, sites }) => {
        for (const reference of siteRefs ?? []) await requireSite({ sites, audit }, reference);
        const siteIds = siteRefs === undefined ? null : await resolveSiteRefs(sites, siteRefs);
        const { token, secret } = await createApiToken(store, name, { scopes, siteIds });
        const details = { name: token.name, scopes: token.scopes, sites: token.siteIds };
        await audit.record({ actor: CLI_ACTOR, action: 'token.create', target: token.id, details });
        const where = token.siteIds === null ? 'every site' : `${token.siteIds.length} site(s)`;
        io.stderr.write(`Created API token "${name}" (${token.scopes.join(', ')}; ${where}).\n`);
        io.stderr.write('Keep it secret; it is shown only once:\n');
        io.stdout.write(`${secret}\n`);
        return 0;
      }),
    );
  },
};

const list: SubCommand = {
  name: 'list',
  usage: LIST_USAGE,
  async run(args, io) {
    parseOptions(args, {});
    return withServices(io, async ({ store }) => {
      const rows = (await store.listTokens()).map((token) => [
        token.name,
        token.scopes.join(','),
        token.siteIds === null ? '*' : token.siteIds.join(','),
        token.createdAt,
      ]);
      io.stdout.write(`${formatTable(['NAME', 'SCOPES', 'SITES', 'CREATED'], rows)}\n`);
      return 0;
    });
  },
};

const revoke: SubCommand = {
  name: 'revoke',
  usage: REVOKE_USAGE,
  async run(args, io) {
    const { positionals } = parseOptions(args, {});
    const [name] = positionals;
    if (!name) throw new UsageError('give the name of the token to revoke');
    return withServices(io, async ({ store, audit }) => {
      const token = (await store.listTokens()).find((candidate) => candidate.name === name);
      if (!token || !(await store.deleteToken(token.id))) {
        io.stderr.write(`penumbra token revoke: no token named "${name}"\n`);
        return 1;
      }
      await audit.record({ actor: CLI_ACTOR, action: 'token.delete', target: token.id, details: { name } });
      io.stdout.write(`Revoked "${name}".\n`);
      return 0;
    });
  },
};

/** Like reportInputErrors, for an unknown site in --site too. */
function reportAccessErrors(
  io: Parameters<SubCommand['run']>[1],
  work: () => Promise<number>,
): Promise<number> {
  return reportInputErrors(io, 'token create', async () => {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof AccessInputError)) throw error;
      io.stderr.write(`penumbra token create: ${error.code}: ${error.message}\n`);
      return 1;
    }
  });
}

export const tokenCommand = groupCommand('token', 'Manage API tokens.', [create, list, revoke]);
