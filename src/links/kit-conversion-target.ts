import type { KitConversionQuery } from '../store/goal-store.js';
import type { Store } from '../store/store.js';

export type KitConversionTarget = KitConversionQuery['kits'][number];

/**
 * What a kit's conversions are read against (docs/stats.md "Goals and conversions"): its target
 * page's path and its variants' channels — a variant's click lands with `utm_source=<channel>`,
 * so the visits it brought carry that source. Undefined when the target is no URL or the kit has
 * no variant with a channel: no visit can then be told apart as the kit's. Shared by the digest
 * and the link stats so both read a kit the same way.
 */
export async function kitConversionTarget(
  store: Pick<Store, 'listVariants'>,
  link: { id: string; url: string },
): Promise<KitConversionTarget | undefined> {
  const path = pathOf(link.url);
  if (path === undefined) return undefined;
  const channels = (await store.listVariants(link.id)).flatMap((v) => (v.channel ? [v.channel] : []));
  return channels.length > 0 ? { linkId: link.id, path, channels } : undefined;
}

function pathOf(url: string): string | undefined {
  try {
    return new URL(url).pathname;
  } catch {
    return undefined;
  }
}
