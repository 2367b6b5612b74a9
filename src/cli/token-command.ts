import { createApiToken } from '../auth/api-tokens.js';
import { CLI_ACTOR } from '../privacy/audit-log.js';
import { UsageError } from './command.js';
import { formatTable } from './format-table.js';
import { parseOptions } from './parse-options.js';
import { reportInputErrors } from './print-error.js';
import { groupCommand, type SubCommand } from './sub-commands.js';
import { withServices } from './with-services.js';

const CREATE_USAGE = `  create --name NAME
      Create an API token for "Authorization: Bearer <token>". The token is printed once, on
      the last line; only its SHA-256 is stored.`;
const LIST_USAGE = `  list
      List API tokens (names and creation dates, never the secrets).`;
const REVOKE_USAGE = `  revoke NAME
      Delete the token with that name.`;

const create: SubCommand = {
  name: 'create',
  usage: CREATE_USAGE,
  async run(args, io) {
    const { values } = parseOptions(args, { name: { type: 'string' } });
    const name = (values.name as string | undefined)?.trim();
    if (!name) throw new UsageError('give the token a name: --name NAME');
    return reportInputErrors(io, 'token create', () =>
      withServices(io, async ({ store, audit }) => {
        const { token, secret } = await createApiToken(store, name);
        const details = { name: token.name };
        await audit.record({ actor: CLI_ACTOR, action: 'token.create', target: token.id, details });
        io.stderr.write(`Created API token "${name}". Keep it secret; it is shown only once:\n`);
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
      const rows = (await store.listTokens()).map((token) => [token.name, token.createdAt]);
      io.stdout.write(`${formatTable(['NAME', 'CREATED'], rows)}\n`);
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

export const tokenCommand = groupCommand('token', 'Manage API tokens.', [create, list, revoke]);
