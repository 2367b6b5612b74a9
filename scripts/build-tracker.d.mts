/** Types of scripts/build-tracker.mjs, for the tests that import it. */
export interface BuiltTracker {
  /** The minified snippet. */
  code: string;
  /** The first 8 hex digits of the code's SHA-256. */
  hash: string;
  /** `p.<hash>.js` */
  file: string;
  bytes: number;
  /** gzip level 9. */
  gzipBytes: number;
}

export type TrackerManifest = Omit<BuiltTracker, 'code'>;

export function buildTracker(): Promise<BuiltTracker>;
export function writeTracker(): Promise<TrackerManifest>;
