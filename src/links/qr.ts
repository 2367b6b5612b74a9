import QRCode from 'qrcode';
import { LinkInputError } from './link-input-error.js';

/** Error-correction levels of ISO/IEC 18004: about 7 %, 15 %, 25 % and 30 % of the code restorable. */
export type QrErrorCorrection = 'L' | 'M' | 'Q' | 'H';

export interface QrOptions {
  /** Width and height in pixels, 64 to 2,048. */
  size?: number | undefined;
  /** Quiet zone in modules, 0 to 16; ISO/IEC 18004 asks for 4 around the symbol. */
  margin?: number | undefined;
  errorCorrection?: QrErrorCorrection | undefined;
}

export interface ResolvedQrOptions {
  size: number;
  margin: number;
  errorCorrection: QrErrorCorrection;
}

export const QR_DEFAULTS: Readonly<ResolvedQrOptions> = Object.freeze({
  size: 512,
  margin: 4,
  errorCorrection: 'M',
});

const LEVELS: ReadonlySet<string> = new Set(['L', 'M', 'Q', 'H']);

/** A QR code for `text` as an SVG document (`<svg>` root, `width`/`height` = `size`). */
export async function renderQrSvg(text: string, options: QrOptions = {}): Promise<string> {
  const resolved = prepare(text, options);
  return QRCode.toString(text, {
    type: 'svg',
    width: resolved.size,
    margin: resolved.margin,
    errorCorrectionLevel: resolved.errorCorrection,
  });
}

/** A QR code for `text` as a PNG exactly `size` pixels square. */
export async function renderQrPng(text: string, options: QrOptions = {}): Promise<Buffer> {
  const resolved = prepare(text, options);
  return QRCode.toBuffer(text, {
    type: 'png',
    // qrcode 1.5 sizes the PNG as floor(modules × (width / modules)), which floating point makes
    // one pixel short for some pairs (21 modules at 97 px gives 96); half a pixel more keeps the
    // floor at `size` and shifts no module by a visible amount.
    width: resolved.size + 0.5,
    margin: resolved.margin,
    errorCorrectionLevel: resolved.errorCorrection,
  });
}

/** Options with defaults filled in, or a `LinkInputError` `qr_options_invalid` naming the bad one. */
export function validateQrOptions(options: unknown): ResolvedQrOptions {
  if (options === undefined || options === null) return { ...QR_DEFAULTS };
  if (typeof options !== 'object' || Array.isArray(options)) {
    failOption('options', 'QR code options must be an object with size, margin and errorCorrection.');
  }
  const given = options as Record<string, unknown>;
  return {
    size: integerIn(given.size, 'size', 64, 2048, QR_DEFAULTS.size, 'pixels'),
    margin: integerIn(given.margin, 'margin', 0, 16, QR_DEFAULTS.margin, 'modules'),
    errorCorrection: level(given.errorCorrection),
  };
}

function integerIn(
  value: unknown,
  field: string,
  min: number,
  max: number,
  fallback: number,
  unit: string,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    failOption(
      field,
      `The QR code ${field} must be a whole number of ${unit} from ${min} to ${max.toLocaleString('en')}.`,
    );
  }
  return value;
}

function level(value: unknown): QrErrorCorrection {
  if (value === undefined) return QR_DEFAULTS.errorCorrection;
  if (typeof value !== 'string' || !LEVELS.has(value)) {
    failOption('errorCorrection', 'The QR code error-correction level must be one of L, M, Q or H.');
  }
  return value as QrErrorCorrection;
}

/** Validated options for a text that fits a QR code at least one pixel per module. */
function prepare(text: string, options: QrOptions): ResolvedQrOptions {
  const resolved = validateQrOptions(options);
  const needed = modulesFor(text, resolved.errorCorrection) + 2 * resolved.margin;
  if (resolved.size < needed) {
    failOption(
      'size',
      `A QR code for this text needs at least ${needed} pixels with a margin of ${resolved.margin}. Ask for a larger size, a smaller margin or a lower error-correction level.`,
    );
  }
  return resolved;
}

/** Modules per side of the smallest QR version that holds `text` (21 for version 1, up to 177). */
function modulesFor(text: string, errorCorrection: QrErrorCorrection): number {
  if (typeof text !== 'string' || text === '') {
    throw new LinkInputError('qr_text_invalid', 'There is no text to put in the QR code.', 'text');
  }
  try {
    return QRCode.create(text, { errorCorrectionLevel: errorCorrection }).modules.size;
  } catch {
    throw new LinkInputError(
      'qr_text_invalid',
      'The text is too long for a QR code. Encode the short link rather than the full address, or choose a lower error-correction level.',
      'text',
    );
  }
}

function failOption(field: string, message: string): never {
  throw new LinkInputError('qr_options_invalid', message, field);
}
