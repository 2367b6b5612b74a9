import { describe, expect, it } from 'vitest';
import { QR_DEFAULTS, renderQrPng, renderQrSvg, validateQrOptions } from '../../src/links/qr.js';
import { expectLinkError, expectLinkErrorAsync } from './expect-link-error.js';
import { parseXmlRoot } from './xml-well-formed.js';

const TEXT = 'https://pen.test/k7m2x9q';
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from the IHDR chunk, which PNG requires first (PNG spec §11.2.2). */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('renderQrPng', () => {
  it('makes a PNG of the default 512 pixels', async () => {
    const png = await renderQrPng(TEXT);
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(pngSize(png)).toEqual({ width: 512, height: 512 });
  });

  // 97 and 123 are sizes where qrcode's own arithmetic falls a pixel short.
  it.each([64, 97, 100, 123, 256, 333, 512, 1000, 1999, 2048])('makes exactly %i pixels', async (size) => {
    expect(pngSize(await renderQrPng(TEXT, { size }))).toEqual({ width: size, height: size });
  });

  it.each([0, 1, 16])('accepts a margin of %i', async (margin) => {
    expect(pngSize(await renderQrPng(TEXT, { size: 256, margin })).width).toBe(256);
  });

  it.each(['L', 'M', 'Q', 'H'] as const)('accepts error-correction level %s', async (errorCorrection) => {
    expect(pngSize(await renderQrPng(TEXT, { size: 300, errorCorrection })).width).toBe(300);
  });
});

describe('renderQrSvg', () => {
  it('makes well-formed XML with an svg root of the requested size', async () => {
    const svg = await renderQrSvg(TEXT, { size: 300 });
    const root = parseXmlRoot(svg);
    expect(root.name).toBe('svg');
    expect(root.attributes.xmlns).toBe('http://www.w3.org/2000/svg');
    expect(root.attributes.width).toBe('300');
    expect(root.attributes.height).toBe('300');
    expect(root.attributes.viewBox).toMatch(/^0 0 \d+ \d+$/);
  });

  it('uses the default size', async () => {
    expect(parseXmlRoot(await renderQrSvg(TEXT)).attributes.width).toBe(String(QR_DEFAULTS.size));
  });

  it('counts the margin in the view box, in modules', async () => {
    const viewBox = (margin: number) =>
      renderQrSvg(TEXT, { margin }).then((svg) => parseXmlRoot(svg).attributes.viewBox);
    const [none, four] = await Promise.all([viewBox(0), viewBox(4)]);
    const side = (box: string | undefined) => Number(box?.split(' ')[2]);
    expect(side(four) - side(none)).toBe(8);
  });

  it('needs more modules for a higher error-correction level', async () => {
    const long = `${TEXT}?utm_campaign=${'x'.repeat(60)}`;
    const side = async (errorCorrection: 'L' | 'H') =>
      Number(parseXmlRoot(await renderQrSvg(long, { errorCorrection })).attributes.viewBox?.split(' ')[2]);
    expect(await side('H')).toBeGreaterThan(await side('L'));
  });

  it('keeps markup in the text out of the SVG', async () => {
    const svg = await renderQrSvg('"><script>alert(1)</script>');
    expect(svg).not.toContain('<script');
    expect(parseXmlRoot(svg).name).toBe('svg');
  });
});

describe('validateQrOptions', () => {
  it('fills in the defaults', () => {
    expect(validateQrOptions(undefined)).toEqual({ size: 512, margin: 4, errorCorrection: 'M' });
    expect(validateQrOptions(null)).toEqual({ size: 512, margin: 4, errorCorrection: 'M' });
    expect(validateQrOptions({ size: 64 })).toEqual({ size: 64, margin: 4, errorCorrection: 'M' });
  });

  it.each([63, 2049, 0, -512, 64.5, Number.NaN, Number.POSITIVE_INFINITY, '512', null, true])(
    'rejects the size %j',
    (size) => {
      expectLinkError(() => validateQrOptions({ size }), 'qr_options_invalid', 'size');
    },
  );

  it.each([-1, 17, 1.5, Number.NaN, '4', null])('rejects the margin %j', (margin) => {
    expectLinkError(() => validateQrOptions({ margin }), 'qr_options_invalid', 'margin');
  });

  it.each(['X', 'l', 'low', 'medium', '', 1, null])(
    'rejects the error-correction level %j',
    (errorCorrection) => {
      expectLinkError(() => validateQrOptions({ errorCorrection }), 'qr_options_invalid', 'errorCorrection');
    },
  );

  it.each(['big', 42, [512]])('rejects options that are not an object: %j', (options) => {
    expectLinkError(() => validateQrOptions(options), 'qr_options_invalid', 'options');
  });
});

describe('renderQr*: errors', () => {
  it('rejects bad options before rendering', async () => {
    await expectLinkErrorAsync(() => renderQrPng(TEXT, { size: 4096 }), 'qr_options_invalid', 'size');
    await expectLinkErrorAsync(() => renderQrSvg(TEXT, { margin: 99 }), 'qr_options_invalid', 'margin');
  });

  it('rejects a size too small for the text rather than silently drawing it larger', async () => {
    const text = `https://example.com/${'a'.repeat(1000)}`;
    const error = await expectLinkErrorAsync(
      () => renderQrPng(text, { size: 64, errorCorrection: 'H' }),
      'qr_options_invalid',
      'size',
    );
    expect(error.message).toMatch(/at least \d+ pixels/);
  });

  it('rejects empty text', async () => {
    await expectLinkErrorAsync(() => renderQrSvg(''), 'qr_text_invalid', 'text');
  });

  it('rejects text too long for any QR code', async () => {
    await expectLinkErrorAsync(() => renderQrPng('x'.repeat(5000)), 'qr_text_invalid', 'text');
    await expectLinkErrorAsync(
      () => renderQrSvg('x'.repeat(2000), { errorCorrection: 'H' }),
      'qr_text_invalid',
      'text',
    );
  });
});
