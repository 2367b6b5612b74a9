/**
 * The lab's answer, as types only and free of Node.js imports, so the dashboard shares them
 * (POST /api/previews/check answers a PreviewReport; preview-report-schema.ts is its schema).
 */
import type { RedirectHop } from '../net/outbound-error.js';
import type { PreviewAppId } from './preview-apps.js';
import type { WarningCode, WarningParams } from './warning-text.js';

export type Severity = 'error' | 'warning' | 'info';

export interface PreviewWarning {
  code: WarningCode;
  /** error: no card, or a broken one; warning: a poorer card; info: worth knowing. */
  severity: Severity;
  params: WarningParams;
  message: { en: string; fr: string };
  fix: { en: string; fr: string };
}

export interface CardImage {
  url: string;
  source: string;
  width: number | undefined;
  height: number | undefined;
  bytes: number | undefined;
  contentType: string | undefined;
}

/** One app's card, as data the dashboard and the CLI draw. */
export interface PreviewCard {
  /** `none`: no card at all; `text`: no image; `small`: a thumbnail; `large`: the full-width image. */
  layout: 'none' | 'text' | 'small' | 'large';
  title: string | undefined;
  titleCut: boolean;
  description: string | undefined;
  descriptionCut: boolean;
  siteName: string | undefined;
  domain: string;
  image: CardImage | undefined;
  themeColor: string | undefined;
}

export interface AppReport {
  app: PreviewAppId;
  name: string;
  themes: readonly ('light' | 'dark')[];
  card: PreviewCard;
  warnings: PreviewWarning[];
  fetch: {
    status: number | undefined;
    url: string;
    redirects: readonly RedirectHop[];
    firstByteMs: number | undefined;
    error: { code: string; message: string } | undefined;
  };
}

export interface PreviewReport {
  url: string;
  checkedAt: string;
  /** Time to check every app, in parallel. */
  elapsedMs: number;
  /** Served from the cache of recent checks. */
  cached: boolean;
  apps: AppReport[];
  counts: Record<Severity, number>;
  /** With `inlineImages`: each drawn image small enough, as a `data:` URL, by its URL. */
  images?: Record<string, string>;
}
