import { createHmac, randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { classify } from '../classify/index.js';
import type { Classification } from '../classify/taxonomy.js';
import type { ChosenWriter } from '../events/choose-event-writer.js';
import { storeEventWriter } from '../events/event-writer.js';
import { PipelinedWrites } from '../events/pipelined-writes.js';
import { browserFamily } from '../privacy/browser-family.js';
import { deviceClass } from '../privacy/device-class.js';
import { modePolicy } from '../privacy/modes.js';
import { scrubReferrer } from '../privacy/referrer.js';
import { scrubUrl } from '../privacy/scrub-url.js';
import { hashVisitor } from '../privacy/visitor-id.js';
import type { NewPreviewFetch } from '../store/preview-store.js';
import { FOLD_STEP } from '../store/rollups/rollup-fold-step.js';
import { foldPending } from '../store/rollups/rollup-folder.js';
import type { EventType, NewEvent, Site, Store } from '../store/store.js';
import { BadLines } from './bad-lines.js';
import { LINE_KEY_SECRET, lineKey } from './line-key.js';
import { type LogFormat, lineParser } from './parse-line.js';
import { isLineError, type ParsedRequest } from './parsed-request.js';
import type { ProgressBar } from './progress-bar.js';
import { readLogLineBatches } from './read-log-lines.js';
import { requestUrl } from './request-url.js';
import { shouldSkip } from './skip-rules.js';

export interface ImportOptions {
  site: Site;
  format: LogFormat;
  sources: string[];
  stdin?: Readable | undefined;
  progress?: ProgressBar | undefined;
  /** Told about each of the first few bad lines, as they are found. */
  onBadLine?: (text: string) => void;
  /**
   * Where the events are stored (default: `store`, on this thread). A writer thread
   * (bulk-event-writer.ts) stores and folds while this thread parses the next lines; it is
   * closed when the import ends, before the last fold.
   */
  writer?: ChosenWriter | undefined;
}

export interface ImportSummary {
  lines: number;
  /** Events written now. */
  stored: number;
  /** Kept lines already imported before (same site, same line). */
  duplicates: number;
  pageviews: number;
  /** Share signals: link-preview fetches, per app. */
  previews: Record<string, number>;
  /** People's visits per channel. */
  visits: Record<string, number>;
  bots: number;
  skipped: Record<string, number>;
  bad: BadLines;
}

const BATCH = 5_000;
/** A chat app often fetches the page, then its `og:image`: one share, two requests. */
const PREVIEW_MERGE_MS = 60_000;

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

function previewFetch(
  siteId: string,
  source: string,
  request: ParsedRequest,
  path: string | null,
  dedupeKey: string,
): NewPreviewFetch {
  return { siteId, source, status: request.status, path: path ?? '/', occurredAt: request.time, dedupeKey };
}

function eventType(result: Classification): EventType {
  if (result.kind === 'preview') return 'preview';
  return result.kind === 'bot' ? 'bot' : 'pageview';
}

/**
 * Visitor hashes for a log need a salt per day of the log, and the daily salts of the past are
 * gone by design; so each import derives its own per-day salts from a random secret it then
 * forgets. Uniques stay per day within one import; no hash can be linked to live traffic.
 */
function importSalts(): (timeMs: number) => string {
  const secret = randomBytes(32);
  const cache = new Map<number, string>();
  return (timeMs) => {
    const day = Math.floor(timeMs / 86_400_000);
    let salt = cache.get(day);
    if (!salt) {
      salt = createHmac('sha256', secret).update(String(day)).digest('hex').slice(0, 32);
      cache.set(day, salt);
    }
    return salt;
  };
}

/**
 * A bounded memo: a log repeats the same visitors and pages thousands of times, and hashing or
 * scrubbing each again costs more than the rest of the line's work. Cleared when full.
 */
function memoise<T>(compute: (key: string) => T, limit = 50_000): (key: string) => T {
  const memo = new Map<string, T>();
  return (key) => {
    const known = memo.get(key);
    if (known !== undefined) return known;
    const value = compute(key);
    if (memo.size >= limit) memo.clear();
    memo.set(key, value);
    return value;
  };
}

/**
 * `penumbra import-log`'s work: every request of nginx/Apache access logs is classified, static
 * assets and failed requests skipped, and each kept request stored with a per-line key so that
 * importing the same file twice stores nothing the second time. The IP and user agent are used
 * in memory for the classification, the visitor hash and the device class, then dropped.
 */
export async function importAccessLog(store: Store, options: ImportOptions): Promise<ImportSummary> {
  const { site } = options;
  const parse = lineParser(options.format);
  const saltFor = importSalts();
  const lineSecret = await store.instanceSecret(LINE_KEY_SECRET, randomBytes(32).toString('hex'));
  const { keepCampaign, referrerHostOnly } = modePolicy(site.privacyMode);
  // The site's own parameters, kept in every mode as for tracker events (ingest-service.ts).
  const allowParams = site.queryParams;
  const scrubbedPath = memoise((url) => scrubUrl(url, { keepCampaign, allowParams })?.path ?? null);
  // Strict mode (CNIL self-assessment reading, facts §6.1): the classifier sees neither campaign
  // parameters nor click ids (the query is all it would read them from) nor a referrer's path,
  // so no stored source or medium comes from them — as for tracker events (ingest-service.ts).
  const classifiedUrl = (url: string) => (keepCampaign ? url : (url.split('?', 1)[0] ?? url));
  const classifiedReferrer = (referrer: string | undefined) =>
    referrerHostOnly && referrer ? scrubReferrer(referrer, site.privacyMode) : referrer;
  const visitorOf = (request: ParsedRequest) => {
    const salt = saltFor(request.time);
    return visitorHash(`${salt}\u0000${request.ip}\u0000${request.userAgent}`);
  };
  const visitorHash = memoise((key) => {
    const [salt = '', ip = '', userAgent = ''] = key.split('\u0000');
    return hashVisitor({ salt, siteId: site.id, ip, userAgent });
  });
  // Led by the time, so that a log (written in time order) appends to the key index
  // instead of inserting at random places; the line itself holds the time anyway.
  const dedupeKeyOf = (time: number, line: string) =>
    `${time.toString(36)}.${lineKey(lineSecret, site.id, line)}`;
  const lastPreview = new Map<string, number>();
  const summary: ImportSummary = {
    lines: 0,
    stored: 0,
    duplicates: 0,
    pageviews: 0,
    previews: {},
    visits: {},
    bots: 0,
    skipped: {},
    bad: new BadLines(),
  };
  let batch: NewEvent[] = [];
  let fetches: NewPreviewFetch[] = [];
  let unfolded = 0;
  const { writer, foldsRollups } = options.writer ?? { writer: storeEventWriter(store), foldsRollups: false };
  const writes = new PipelinedWrites();
  const storeBatch = async (events: readonly NewEvent[]) => {
    const stored = await writer.write(events);
    summary.stored += stored;
    summary.duplicates += events.length - stored;
    unfolded += stored;
  };
  // Through the writer thread when there is one: this thread's connection would wait for the
  // write lock behind the thread's inserts and folds, past busy_timeout on a loaded machine.
  const storeFetches = (list: readonly NewPreviewFetch[]) =>
    writer.writePreviewFetches ? writer.writePreviewFetches(list) : store.previews.recordPreviewFetches(list);
  const flush = async () => {
    if (fetches.length > 0) await writes.push(storeFetches(fetches));
    fetches = [];
    if (batch.length === 0) return;
    await writes.push(storeBatch(batch));
    batch = [];
    // Rollups are folded in full steps as the lines come (issue 12), the rest at the end; a
    // writer thread folds its own writes.
    if (!foldsRollups && unfolded >= FOLD_STEP) unfolded -= await store.foldRollups(FOLD_STEP);
  };

  const isRepeatedPreview = (request: ParsedRequest, visitor: string, source: string) => {
    const key = `${source}\u0000${visitor}`;
    const last = lastPreview.get(key);
    if (lastPreview.size > 100_000) lastPreview.clear();
    lastPreview.set(key, request.time);
    return last !== undefined && Math.abs(request.time - last) < PREVIEW_MERGE_MS;
  };

  const readOptions = {
    ...(options.stdin ? { stdin: options.stdin } : {}),
    ...(options.progress ? { onBytes: (bytes: number) => options.progress?.addBytes(bytes) } : {}),
  };
  for await (const lines of readLogLineBatches(options.sources, readOptions)) {
    for (const { source, lineNumber, line, truncated } of lines) {
      summary.lines++;
      const request = truncated ? undefined : parse(line);
      if (!request || isLineError(request)) {
        const example = request
          ? summary.bad.add(source, lineNumber, line, request)
          : summary.bad.addTooLong(source, lineNumber, line, line.length);
        if (example) options.onBadLine?.(`${source}:${lineNumber}: ${example.code}: ${example.message}`);
        continue;
      }
      const url = requestUrl(request, site.domain);
      const result = classify({
        url: classifiedUrl(url),
        referrer: classifiedReferrer(request.referrer),
        userAgent: request.userAgent,
        landingPaths: site.landingPaths,
      });
      const skip = shouldSkip(request, result.kind);
      const key = skip && result.kind !== 'preview' ? '' : dedupeKeyOf(request.time, line);
      // Every preview fetch, failed ones too, with the status the site gave it: the preview
      // health report (src/stats/preview-health.ts) tells which app's fetcher is refused.
      if (result.kind === 'preview' && (skip === undefined || skip === 'status')) {
        fetches.push(previewFetch(site.id, result.source, request, scrubbedPath(url), key));
      }
      if (skip) {
        bump(summary.skipped, skip);
        continue;
      }
      const visitor = result.kind === 'bot' ? null : visitorOf(request);
      if (result.kind === 'preview') {
        if (isRepeatedPreview(request, visitor ?? '', result.source)) {
          bump(summary.skipped, 'repeated-preview');
          continue;
        }
        bump(summary.previews, result.source);
      } else if (result.kind === 'bot') summary.bots++;
      else {
        summary.pageviews++;
        bump(summary.visits, result.channel);
      }
      batch.push({
        siteId: site.id,
        linkId: null,
        type: eventType(result),
        ...result,
        occurredAt: request.time,
        path: scrubbedPath(url),
        visitorHash: result.kind === 'human' ? visitor : null,
        device: result.kind === 'human' ? deviceClass(request.userAgent) : null,
        browser: result.kind === 'human' ? browserFamily(request.userAgent) : null,
        dedupeKey: key,
      });
      if (batch.length >= BATCH || fetches.length >= BATCH) await flush();
    }
    options.progress?.tick(lines.length);
  }
  await flush();
  await writes.drain();
  // The writer thread stops folding (and ends its fold in progress) before this one folds the rest.
  await writer.close?.();
  await foldPending(store);
  return summary;
}
