import type { PrivacyMode } from '../../store/store.js';
import type { ModePolicy } from '../modes.js';
import type { CountrySource, DocumentFacts, InstallationFacts } from './document-facts.js';

/** A text that depends on the site's and the installation's settings. */
export type Text = (facts: DocumentFacts) => string;
export type Texts = (facts: DocumentFacts) => string[];
type ByMode<T> = Readonly<Record<PrivacyMode, T>>;
type ByShareTokens<T> = Readonly<Record<ModePolicy['shareTokens'], T>>;
type ByCountrySource<T> = Readonly<Record<CountrySource, T>>;
type ByDatabase<T> = Readonly<Record<InstallationFacts['database'], T>>;

/** Sentences more than one document uses. */
export interface CommonStrings {
  disclaimerHeading: string;
  /** Engineering aid, not legal advice, to be reviewed by the controller and its DPO. */
  disclaimer: Text;
  /** A placeholder for what only the controller knows. */
  toComplete: string;
  months(count: number): string;
  modeName: ByMode<string>;
  databaseName: ByDatabase<string>;
  siteLabel: Text;
  /** What one stored event holds: the generators pick the sentence each setting calls for. */
  data: {
    time: string;
    page: { withCampaign: string; withoutCampaign: string };
    origin: { hostAndPath: string; hostOnly: string };
    visitorHash: string;
    device: string;
    country: ByCountrySource<string>;
    share: ByShareTokens<string>;
    actions: string;
    shortLinks: Text;
    importedLogs: string;
  };
  /** What is never stored, in any mode. */
  neverStored: string[];
  purposes: { audience: Text; darkSocial: string; cascades: string; rounding: string; not: string };
  retention: {
    rawEvents: Text;
    rollups: string;
    salts: string;
    sessions: string;
    auditLog: Text;
    optOutFlag: string;
    rateLimiter: Text;
    backups: string;
  };
  dnt: { honoured: string; notHonoured: string };
  optOut: Text;
  /** How access requests are answered when no stored data identifies a visitor (GDPR Art. 11). */
  accessRequests: string[];
  /** The CNIL's conditions for the audience-measurement consent exemption, and how they are met. */
  cnil: {
    intro: string;
    purpose: string;
    anonymousStatistics: string;
    noCrossSite: string;
    terminalStorage: ByShareTokens<string>;
    retention: Text;
    information: Text;
    geolocation: ByCountrySource<string>;
    selfAssessment: { met: string; notMet: string };
    franceOnly: string;
  };
}

export interface ProcessingRecordStrings {
  title: Text;
  processingHeading: string;
  processing: Texts;
  controllerHeading: string;
  controller: string[];
  purposesHeading: string;
  legalBasisHeading: string;
  legalBasis: ByMode<string[]>;
  subjectsHeading: string;
  subjects: Texts;
  dataHeading: string;
  dataIntro: Text;
  neverStoredHeading: string;
  neverStoredIntro: string;
  recipientsHeading: string;
  recipients: string[];
  transfersHeading: string;
  transfers: Texts;
  retentionHeading: string;
  securityHeading: string;
  security: string[];
  storage: ByDatabase<string>;
  rounding: string;
}

export interface PrivacyNoticeStrings {
  title: Text;
  useNote: string;
  introHeading: string;
  intro: Text;
  collectedHeading: string;
  collectedIntro: string;
  notCollectedHeading: string;
  neverCollected: string;
  browserStorage: ByShareTokens<string>;
  purposesHeading: string;
  legalBasisHeading: string;
  legalBasis: ByMode<string[]>;
  retentionHeading: string;
  retention: Text;
  choicesHeading: string;
  optOut: Text;
  consent: string;
  rightsHeading: string;
  rights: string[];
  contact: string;
}

export interface DpiaSummaryStrings {
  title: Text;
  natureHeading: string;
  nature: Text;
  modeSummary: ByMode<string>;
  scopeHeading: string;
  scope: Text;
  contextHeading: string;
  context: string[];
  purposesHeading: string;
  necessityHeading: string;
  necessity: ByMode<string[]>;
  measures: Texts;
  cnilHeading: string;
  risksHeading: string;
  risksIntro: string;
  risks: {
    reidentification: string;
    tracking: ByShareTokens<string>;
    urls: { withCampaign: string; withoutCampaign: string };
    customProperties: string;
    smallCounts: { exact: string; rounded: string };
    access: Text;
    logs: string;
    retention: Text;
    objection: { honoured: Text; notHonoured: Text };
    country: ByCountrySource<string>;
    importedLogs: string;
  };
  residualHeading: string;
  residual: ByMode<string>;
  conclusion: string;
}

/**
 * Every text of the generated documents in one language. The durations the code fixes are
 * written out — salts 48 h (src/privacy/salts.ts), dashboard sessions 30 days
 * (src/accounts/session-service.ts), strict reports rounded to 10 (src/stats/stats-service.ts) —
 * and test/privacy/documents/follow-settings.test.ts checks them against the code. Both language files are typed with
 * it, so neither can miss a sentence the other has.
 */
export interface DocumentStrings {
  common: CommonStrings;
  record: ProcessingRecordStrings;
  notice: PrivacyNoticeStrings;
  dpia: DpiaSummaryStrings;
}
