import type { Classification } from '../classify/taxonomy.js';
import type { BrowserFamily } from '../privacy/browser-family.js';
import type { Device } from './traffic-profiles.js';

/*
 * The demo's browser families (issue 14): a visit through an app's own web view is `in-app`, as
 * browserFamily says of those agents; the others follow a European news site's rough shares by
 * device (Safari and Chrome on phones, Chrome then Edge and Safari on computers). The family is
 * read from the visitor's random hash, not drawn from the generator's stream, so adding it left
 * every other figure of the demo as it was.
 */
const MOBILE: ReadonlyArray<readonly [BrowserFamily, number]> = [
  ['safari', 0.5],
  ['chrome', 0.37],
  ['samsung', 0.07],
  ['firefox', 0.02],
  ['opera', 0.01],
  ['other', 0.03],
];
const DESKTOP: ReadonlyArray<readonly [BrowserFamily, number]> = [
  ['chrome', 0.62],
  ['edge', 0.13],
  ['safari', 0.12],
  ['firefox', 0.08],
  ['opera', 0.03],
  ['other', 0.02],
];

/** The family of one visit: `hash` is the visitor's random 32 hex digits. */
export function demoBrowser(hash: string, device: Device, arrival: Classification): BrowserFamily {
  if (arrival.evidence === 'in-app-browser') return 'in-app';
  // The hash's first 24 bits as a fraction of 1: uniform, as the hash is random.
  let rest = Number.parseInt(hash.slice(0, 6), 16) / 0x1000000;
  const shares = device === 'desktop' ? DESKTOP : MOBILE;
  for (const [family, share] of shares) {
    if (rest < share) return family;
    rest -= share;
  }
  return 'other';
}
