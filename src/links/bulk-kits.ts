import { concurrencyLimit } from '../concurrency-limit.js';
import { StoreConflictError } from '../store/store.js';
import { LinkInputError } from './link-input-error.js';
import type { CreateLinkInput, LinkService } from './link-service.js';
import type { LinkView } from './link-view.js';
import { readCsv } from './read-csv.js';

/** What a bulk request may hold: a CSV file of a thousand kits is a large campaign already. */
export const MAX_BULK_ROWS = 1_000;

/**
 * The CSV's columns. Only `url` is required; a header row names the columns (any order, any
 * case); without one, the single column is the URL. Lists (`channels`, `tags`) are separated by
 * spaces, `;` or `|`; `utm_*` columns fill the kit's UTM template.
 */
export const BULK_COLUMNS = [
  'url',
  'title',
  'description',
  'image',
  'slug',
  'channels',
  'tags',
  'expires_at',
  'max_clicks',
] as const;

export interface BulkOptions {
  site?: string | undefined;
  /** Channels for rows that name none. */
  channels?: readonly string[] | undefined;
  /** Fill missing titles, descriptions and images from each page. */
  autofill?: boolean | undefined;
}

export interface BulkKit {
  id: string;
  slug: string;
  shortUrl: string;
  title: string | null;
  variants: number;
}

export interface BulkRowError {
  code: string;
  message: string;
  field: string | undefined;
}

export interface BulkRowResult {
  /** The CSV line the row starts on (1-based, the header is line 1). */
  line: number;
  url: string;
  ok: boolean;
  kit?: BulkKit;
  error?: BulkRowError;
}

export interface BulkReport {
  created: number;
  failed: number;
  rows: BulkRowResult[];
}

/** A refusal of the whole file (no row could be read), as opposed to a bad row. */
export class BulkInputError extends LinkInputError {}

const LIST = /[\s;|]+/;
/** Autofill fetches pages: a few at a time, so a file of slow pages still ends in minutes. */
const CONCURRENCY = 4;

function list(value: string | undefined): string[] | undefined {
  const items = value?.split(LIST).filter((item) => item !== '');
  return items && items.length > 0 ? items : undefined;
}

function blank(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function columnsOf(first: readonly string[]): { header: boolean; names: string[] } {
  const names = first.map((name) => name.trim().toLowerCase().replaceAll('-', '_'));
  return names.includes('url') ? { header: true, names } : { header: false, names: ['url'] };
}

function rowInput(
  names: readonly string[],
  fields: readonly string[],
  options: BulkOptions,
): CreateLinkInput {
  const cell = (name: string) => blank(fields[names.indexOf(name)]);
  const utm = Object.fromEntries(
    names.flatMap((name, at) => {
      const value = blank(fields[at]);
      return name.startsWith('utm_') && value !== undefined ? [[name, value]] : [];
    }),
  );
  const maxClicks = cell('max_clicks');
  return {
    url: cell('url') ?? '',
    site: options.site,
    title: cell('title'),
    description: cell('description'),
    image: cell('image'),
    slug: cell('slug'),
    channels: list(cell('channels')) ?? options.channels,
    tags: list(cell('tags')),
    utm,
    expiresAt: cell('expires_at'),
    maxClicks: maxClicks === undefined ? undefined : Number(maxClicks),
  };
}

function rowError(error: unknown): BulkRowError {
  if (error instanceof LinkInputError)
    return { code: error.code, message: error.message, field: error.field };
  if (error instanceof StoreConflictError) {
    return {
      code: 'slug_taken',
      message: `The ${error.field} "${error.value}" is already used.`,
      field: error.field,
    };
  }
  throw error;
}

function kitSummary(view: LinkView): BulkKit {
  return {
    id: view.id,
    slug: view.slug,
    shortUrl: view.shortUrl,
    title: view.title,
    variants: view.variants.length,
  };
}

/**
 * Share kits from a CSV of URLs (issue 15): one kit per row, each made as `POST /api/links`
 * would make it; a bad row is reported with its line and reason, and the rest goes on.
 */
export async function createKitsFromCsv(
  links: LinkService,
  csv: string,
  options: BulkOptions = {},
): Promise<BulkReport> {
  const { records, unterminatedAt } = readCsv(csv);
  if (unterminatedAt !== undefined) {
    throw new BulkInputError(
      'csv_invalid',
      `A quoted field opened on line ${unterminatedAt} is never closed.`,
      'csv',
    );
  }
  const [first] = records;
  if (!first) throw new BulkInputError('csv_empty', 'The CSV holds no row: give one URL per line.', 'csv');
  const { header, names } = columnsOf(first.fields);
  const rows = header ? records.slice(1) : records;
  if (rows.length > MAX_BULK_ROWS) {
    throw new BulkInputError(
      'csv_too_many_rows',
      `At most ${MAX_BULK_ROWS} rows at once; this file has ${rows.length}.`,
      'csv',
    );
  }
  const inputs = rows.map((record) => ({
    ...rowInput(names, record.fields, options),
    autofill: options.autofill === true,
  }));
  // Pages are read a few at a time (the slow part); kits are then made one by one in file order,
  // so that of two rows asking for the same slug, the first gets it.
  const limit = concurrencyLimit(CONCURRENCY);
  const filled = await Promise.allSettled(inputs.map((input) => limit(() => links.withPageFields(input))));
  const results: BulkRowResult[] = [];
  for (const [at, record] of rows.entries()) {
    const input = inputs[at] as CreateLinkInput;
    const page = filled[at] as PromiseSettledResult<CreateLinkInput>;
    try {
      if (page.status === 'rejected') throw page.reason;
      const view = await links.create(page.value);
      results.push({ line: record.line, url: input.url, ok: true, kit: kitSummary(view) });
    } catch (error) {
      results.push({ line: record.line, url: input.url, ok: false, error: rowError(error) });
    }
  }
  const created = results.filter((row) => row.ok).length;
  return { created, failed: results.length - created, rows: results };
}
