/**
 * bench/previews: the time to check one URL for all ten apps (pages and images fetched in
 * parallel, no cache) against the local test site on loopback, for each of its main pages (and the
 * good one over https), and
 * in the same run the time of one plain page fetch through outboundFetch (the floor). Goal
 * (issue 15): ≤ 1.5 s per URL for all apps. 15 rounds after 2 warm-up rounds; median and worst.
 *
 *   npm run bench:previews
 */
import { outboundFetch } from '../src/net/outbound-fetch.js';
import { PreviewLab } from '../src/previews/preview-lab.js';
import { startPreviewSite } from '../test/helpers/preview-site.js';
import { median } from './bench-utils.js';

const ROUNDS = 15;
const WARM_UP = 2;
const PAGES = ['/good', '/heavy', '/redirect', '/missing', '/image-to-private', '/long'];

async function timed(work: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let round = 0; round < WARM_UP + ROUNDS; round += 1) {
    const started = performance.now();
    await work();
    if (round >= WARM_UP) times.push(performance.now() - started);
  }
  return times;
}

function line(label: string, times: number[]): string {
  return `${label.padEnd(34)} median ${median(times).toFixed(0).padStart(5)} ms   worst ${Math.max(...times)
    .toFixed(0)
    .padStart(5)} ms`;
}

const site = await startPreviewSite();
const lab = new PreviewLab({ allowLoopback: true, cacheTtlMs: 0, ca: site.ca });
try {
  console.log(`bench/previews: ${ROUNDS} rounds each, local test site ${site.origin}`);
  const floor = await timed(() => outboundFetch(site.url('/good'), { allowLoopback: true }));
  console.log(line('one page fetch (floor)', floor));
  let worstMedian = 0;
  const urls = [...PAGES.map((path) => site.url(path)), site.httpsUrl('/good')];
  for (const url of urls) {
    const times = await timed(() => lab.check({ url }));
    worstMedian = Math.max(worstMedian, median(times));
    const label = url.startsWith('https:') ? `https ${new URL(url).pathname}` : new URL(url).pathname;
    console.log(line(`${label}, all 10 apps`, times));
  }
  console.log(
    `goal ≤ 1500 ms per URL for all apps: ${worstMedian <= 1500 ? 'met' : 'MISSED'} (worst median ${worstMedian.toFixed(0)} ms)`,
  );
} finally {
  await site.close();
}
