import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { eraseData } from '../../privacy/data-erasure.js';
import { exportCsv, exportJson, exportTables } from '../../privacy/data-export.js';
import { recordDataRequest } from '../../privacy/data-request-audit.js';
import { DataRequestError } from '../../privacy/data-request-error.js';
import { type DataTarget, type DataTargetInput, resolveDataTarget } from '../../privacy/data-target.js';
import type { Services } from '../../services.js';
import { SITE_PARAM } from '../access.js';
import { actorOf } from '../audit-actor.js';
import { type ErrorCode, ProblemError } from '../errors.js';
import { idParams, problemResponses } from '../schemas.js';

type ExportQuery = DataTargetInput & { format?: 'json' | 'csv'; table?: string };
type EraseBody = DataTargetInput & { rollups?: boolean; dryRun?: boolean };

const tags = ['privacy'];

const targetProperties = {
  link: {
    type: 'string',
    minLength: 1,
    maxLength: 300,
    description: 'A link by id or slug: the link, with its variants when it is a kit’s main link',
  },
  campaign: {
    type: 'string',
    minLength: 1,
    maxLength: 300,
    description: 'Any link of a share kit by id or slug: the main link and every variant',
  },
  tag: {
    type: 'string',
    minLength: 1,
    maxLength: 64,
    description: 'The links with this tag, and their variants',
  },
} as const;

const erasureSchema = {
  type: 'object',
  properties: {
    dryRun: { type: 'boolean' },
    target: {
      type: 'object',
      properties: {
        kind: { type: 'string', enum: ['site', 'link', 'campaign', 'tag'] },
        site: { type: 'string' },
        link: { type: 'string' },
        tag: { type: 'string' },
        links: { type: 'array', items: { type: 'string' } },
      },
    },
    rollups: { type: 'boolean' },
    counts: { type: 'object', additionalProperties: { type: 'integer' } },
    adjusted: { type: 'array', items: { type: 'string' } },
  },
} as const;

/** The service's refusals in the API's words: unknown things 404, a confused request 400. */
function asProblem(error: unknown, invalid: ErrorCode): unknown {
  if (!(error instanceof DataRequestError)) return error;
  return new ProblemError(error.isNotFound ? 'not_found' : invalid, error.message, {}, error.code);
}

/** A name a browser saves the file under: the domain and the kind of target, nothing a header could choke on. */
function fileName(target: DataTarget, extension: string, table?: string): string {
  const parts = ['penumbra', target.site.domain, target.kind, ...(table === undefined ? [] : [table])];
  return `${parts.join('-').replace(/[^a-z0-9._-]/gi, '_')}.${extension}`;
}

/**
 * `GET /api/sites/:id/export` and `POST /api/sites/:id/erase` (issue #7): data-subject and
 * controller requests (GDPR Art. 15, 17, 20) for a whole site, a link, a campaign (share kit)
 * or a tag. Owners only. Exports stream (JSON, or one CSV table per request); erasures answer the
 * rows per table that went, or with `dryRun` would go. Both are recorded in the audit log with
 * the kind of target and the counts, never the link, slug or tag: an erasure leaves no trace of
 * what it erased.
 */
export function registerPrivacyDataRoutes(api: FastifyInstance, services: Services): void {
  const config = { access: 'owner', scope: 'admin', site: SITE_PARAM } as const;
  const resolve = (site: string, input: DataTargetInput, invalid: ErrorCode) =>
    resolveDataTarget(services, site, input).catch((error: unknown) => {
      throw asProblem(error, invalid);
    });

  api.get<{ Params: { id: string }; Querystring: ExportQuery }>(
    '/api/sites/:id/export',
    {
      config,
      schema: {
        tags,
        summary: 'Export everything stored for a site, a link, a campaign or a tag',
        description:
          'JSON `{exportedAt, scope, site, publicLinks?, links, events, rollups}`, streamed; or with `format=csv` one table (`table=events`, `links`, a rollup…) as CSV. No target: the whole site. Never a secret (token hashes, passwords, sessions).',
        params: idParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ...targetProperties,
            format: { type: 'string', enum: ['json', 'csv'], default: 'json' },
            table: { type: 'string', maxLength: 64, description: 'With format=csv: the table to export' },
          },
        },
        response: problemResponses,
      },
    },
    async (request, reply) => {
      const { format = 'json', table, ...input } = request.query;
      const target = await resolve(request.params.id, input, 'invalid_query');
      const tables = exportTables(target);
      if (format === 'csv' && (table === undefined || !tables.includes(table))) {
        const detail =
          table === undefined
            ? `CSV comes one table at a time: add table= one of ${tables.join(', ')}.`
            : `"${table}" is not a table of this export: ${tables.join(', ')}.`;
        const code = table === undefined ? 'table_required' : 'table_unknown';
        throw new ProblemError('invalid_query', detail, {}, code);
      }
      await recordDataRequest(
        { log: services.audit, actor: actorOf(request) },
        'data.export',
        target,
        format === 'csv' ? { format, table } : { format },
      );
      const csv = format === 'csv' && table !== undefined;
      const body = csv ? exportCsv(services.store, target, table) : exportJson(services.store, target);
      return reply
        .type(csv ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="${fileName(target, csv ? 'csv' : 'json', table)}"`,
        )
        .send(Readable.from(body));
    },
  );

  api.post<{ Params: { id: string }; Body: EraseBody }>(
    '/api/sites/:id/erase',
    {
      config,
      schema: {
        tags,
        summary: 'Erase what is stored for a site, a link, a campaign or a tag',
        description:
          'Raw events and links go; `rollups: true` also takes a link target’s counts out of the site-level reports (visitors kept exact). An empty object `{}`, no target: the whole site (a request without a body is refused). `dryRun: true` counts what would go and changes nothing.',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: { ...targetProperties, rollups: { type: 'boolean' }, dryRun: { type: 'boolean' } },
        },
        response: { 200: erasureSchema, ...problemResponses },
      },
    },
    async (request) => {
      const { rollups = false, dryRun = false, ...input } = request.body;
      const target = await resolve(request.params.id, input, 'invalid_body');
      const audit = { log: services.audit, actor: actorOf(request) };
      return eraseData({ store: services.store, cache: services.links.cache, audit }, target, {
        rollups,
        dryRun,
      });
    },
  );
}
