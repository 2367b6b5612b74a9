/**
 * What each privacy mode costs in reports, for the people who choose it (issue #7: "the
 * dashboard shows which reports each mode gives up"; DESIGN.md §4: "the trade-off is shown to the
 * user, not hidden"). Pure data with type-only imports, so the dashboard bundle can import it.
 * test/privacy/mode-trade-offs.test.ts checks it against `modePolicy()` so the two cannot drift.
 */
import type { PrivacyMode } from '../store/store.js';

export type ReportLossId =
  | 'campaigns'
  | 'referrer-paths'
  | 'copy-paste-generations'
  | 'share-tokens'
  | 'share-cascades'
  | 'exact-small-counts';

export interface Label {
  en: string;
  fr: string;
}

export interface ReportLoss {
  id: ReportLossId;
  label: Label;
}

export interface ModeTradeOffs {
  /** Reports the mode does not give at all. */
  givesUp: readonly ReportLoss[];
  /** Reports the mode gives only in part. */
  limits: readonly Label[];
}

const LOSSES: Readonly<Record<ReportLossId, Label>> = {
  campaigns: {
    en: 'Campaigns (UTM parameters and ad click ids)',
    fr: 'Campagnes (paramètres UTM et identifiants de clic publicitaire)',
  },
  'referrer-paths': {
    en: 'Referrer paths (sources told apart by the path of the referring page)',
    fr: 'Chemins des référents (sources reconnues au chemin de la page d’origine)',
  },
  'copy-paste-generations': {
    en: 'Copy-paste generations (how many times a link was passed on)',
    fr: 'Générations de copier-coller (combien de fois un lien a été transmis)',
  },
  'share-tokens': {
    en: 'Share tokens (visits credited to the share button that brought them, and the first source of a chain)',
    fr: 'Jetons de partage (visites attribuées au bouton de partage qui les a amenées, et source d’origine d’une chaîne)',
  },
  'share-cascades': {
    en: 'Share cascades (anonymous trees of who shared to whom)',
    fr: 'Cascades de partage (arbres anonymes de qui a partagé à qui)',
  },
  'exact-small-counts': {
    en: 'Exact small counts (reports are rounded to the nearest ten)',
    fr: 'Petits nombres exacts (les rapports sont arrondis à la dizaine)',
  },
};

function losses(...ids: ReportLossId[]): readonly ReportLoss[] {
  return Object.freeze(ids.map((id) => Object.freeze({ id, label: LOSSES[id] })));
}

const TRADE_OFFS: Readonly<Record<PrivacyMode, ModeTradeOffs>> = Object.freeze({
  // Share tokens name a share, never a page view: no per-view ids, so no cascades (DESIGN.md §4).
  anonymous: Object.freeze({ givesUp: losses('share-cascades'), limits: Object.freeze([]) }),
  // Per-view ids exist only for visitors whose page said they consented (ePrivacy art. 5(3)).
  consented: Object.freeze({
    givesUp: losses(),
    limits: Object.freeze([
      Object.freeze({
        en: 'Share cascades cover only the visitors who consented',
        fr: 'Les cascades de partage ne couvrent que les visiteurs qui ont consenti',
      }),
    ]),
  }),
  // The CNIL self-assessment reading (facts §6.1): host-only referrers, no campaign parameters,
  // no share tokens honoured, rounded reports.
  strict: Object.freeze({
    givesUp: losses(
      'campaigns',
      'referrer-paths',
      'copy-paste-generations',
      'share-tokens',
      'share-cascades',
      'exact-small-counts',
    ),
    limits: Object.freeze([]),
  }),
});

export function modeTradeOffs(mode: PrivacyMode): ModeTradeOffs {
  return TRADE_OFFS[mode];
}
