export { classify, classifyFacts } from './classify.js';
export { DEFAULT_LANDING_PATHS, isLandingPath } from './landing-paths.js';
export { isTrackableChannel, SOURCES, sourceInfo } from './sources.js';
export * from './taxonomy.js';
