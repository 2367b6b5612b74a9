// The generator moved to src/seed/ (demo data needs it at run time); tests and benches keep this path.
export { seededRandom } from '../../src/seed/seeded-random.js';
