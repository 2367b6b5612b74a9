import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatReport, readLabelledSet, scoreLabelledSet } from './labelled-set.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

/**
 * The targets of issue #2 on a held-out set: kind ≥ 99 %, channel ≥ 97 %, source ≥ 95 %.
 * The dev set is the shared labelled set; the extra set was gathered from the same public
 * sources (isbot, device-detector, inapp-spy, referer-parser, top-user-agents) as a check
 * that the rules generalise beyond the strings they were written against; the third set was
 * gathered after the rules were written and first scored 96 % on source (six webmail hosts),
 * which the general webmail-host rule in referrers.ts then fixed.
 */
const TARGETS = { kind: 0.99, channel: 0.97, source: 0.95 } as const;

describe.each([['classifier-devset.jsonl'], ['classifier-extra.jsonl'], ['classifier-third.jsonl']])(
  'labelled set %s',
  (name) => {
    const report = scoreLabelledSet(readLabelledSet(fixture(name)));

    it('prints per-field accuracy and every miss', () => {
      console.log(formatReport(name, report));
      expect(report.scores.every((score) => score.total > 0)).toBe(true);
    });

    it.each(report.scores.map((score) => [score.field, score] as const))(
      '%s accuracy meets its target',
      (field, score) => {
        expect(score.accuracy).toBeGreaterThanOrEqual(TARGETS[field]);
      },
    );
  },
);
