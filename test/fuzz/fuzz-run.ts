import fc from 'fast-check';

/**
 * Every fuzz property runs from one seed: fixed, so `npm test` is repeatable, and printed with
 * any failure so it can be replayed (`FUZZ_SEED=<seed> npx vitest run test/fuzz`). A different
 * FUZZ_SEED explores other inputs (a nightly job can pass the date).
 */
export const DEFAULT_FUZZ_SEED = 13_2026;

function readSeed(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return DEFAULT_FUZZ_SEED;
  const seed = Number(raw);
  if (!Number.isSafeInteger(seed)) throw new Error(`FUZZ_SEED must be an integer, got "${raw}"`);
  return seed;
}

export const FUZZ_SEED = readSeed(process.env.FUZZ_SEED);

/** How much one property may run: at most `runs` cases, and no longer than `ms`. */
export interface FuzzBudget {
  runs: number;
  ms: number;
}

/**
 * A property that stops early on its time budget still has to have run this many cases, so a
 * starved machine cannot turn the check into one that passes without trying anything.
 */
function minimumRuns(budget: FuzzBudget): number {
  return Math.min(budget.runs, 20);
}

/** Offsets the seed per property, so two properties never walk the same random sequence. */
function seedFor(name: string): number {
  let hash = FUZZ_SEED | 0;
  for (const char of name) hash = (Math.imul(hash, 31) + (char.codePointAt(0) ?? 0)) | 0;
  return hash;
}

/**
 * Runs a property under a run count and a wall-clock budget (fast-check's
 * `interruptAfterTimeLimit`, which also bounds shrinking), and throws a report naming the seed.
 */
export async function fuzz<T>(
  name: string,
  property: fc.IAsyncProperty<T>,
  budget: FuzzBudget,
): Promise<void> {
  const details = await fc.check(property, {
    seed: seedFor(name),
    numRuns: budget.runs,
    interruptAfterTimeLimit: budget.ms,
    markInterruptAsFailure: false,
  });
  if (details.failed) {
    throw new Error(
      `fuzz "${name}" failed — replay with FUZZ_SEED=${FUZZ_SEED} (property seed ${details.seed}, path "${details.counterexamplePath}")\n${String(details.errorInstance)}\n${fc.defaultReportMessage(details)}`,
    );
  }
  if (details.numRuns < minimumRuns(budget)) {
    throw new Error(
      `fuzz "${name}" ran only ${details.numRuns} cases in ${budget.ms} ms (FUZZ_SEED=${FUZZ_SEED}): the machine is too slow for the budget`,
    );
  }
}

/** Values drawn outside a property (a generated log file), from the same seed. */
export function sampleFor<T>(name: string, arbitrary: fc.Arbitrary<T>, count: number): T[] {
  return fc.sample(arbitrary, { seed: seedFor(name), numRuns: count });
}
