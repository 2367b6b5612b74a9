import { attributeCampaign } from '../classify/campaigns.js';
import { queryParams, splitUrl } from '../classify/url-parts.js';
import type { KitArrival, KitConversionQuery } from '../store/goal-store.js';
import type { Store } from '../store/store.js';
import { applyUtm } from './apply-utm.js';

export type KitConversionTarget = KitConversionQuery['kits'][number];

/**
 * What a kit's conversions are read against (docs/stats.md "Goals and conversions"): its target
 * page's path and the arrivals (source, medium) of its variants' visits (variantArrival).
 * Undefined when the target is no URL or no variant's visit can be told apart. Shared by the
 * digest and the link stats so both read a kit the same way.
 */
export async function kitConversionTarget(
  store: Pick<Store, 'listVariants'>,
  link: { id: string; url: string },
): Promise<KitConversionTarget | undefined> {
  const path = pathOf(link.url);
  if (path === undefined) return undefined;
  const arrivals = new Map<string, KitArrival>();
  for (const variant of await store.listVariants(link.id)) {
    const arrival = variantArrival(variant);
    if (arrival) arrivals.set(`${arrival.source}\n${arrival.medium}`, arrival);
  }
  return arrivals.size > 0 ? { linkId: link.id, path, arrivals: [...arrivals.values()] } : undefined;
}

/**
 * The source and medium a visit through `variant` is classified with: its redirect's Location
 * (applyUtm, as redirect-service.ts builds it) read by the classifier's campaign rule
 * (attributeCampaign, classify.ts). Not the channel's name: the `copy` variant's
 * `utm_source=copy&utm_medium=copy-paste` is `direct`/`copy-paste`, and a kit's template or
 * target `utm_source` wins over the channel. Undefined for no channel, or parameters that name
 * nothing the classifier knows (such a visit is classified otherwise: not told apart).
 */
export function variantArrival(variant: {
  url: string;
  utm: Record<string, string>;
  channel: string | null;
}): KitArrival | undefined {
  if (variant.channel === null) return undefined;
  let location: string;
  try {
    location = applyUtm(variant.url, variant.utm, variant.channel);
  } catch {
    return undefined;
  }
  const params = queryParams(splitUrl(location).query);
  const found = attributeCampaign(params.get('utm_source'), params.get('utm_medium'));
  return found && { source: found.source, medium: found.medium };
}

function pathOf(url: string): string | undefined {
  try {
    return new URL(url).pathname;
  } catch {
    return undefined;
  }
}
