/**
 * The tuning engine: search spaces, grid and random search, successive halving, TPE and the
 * choice of the best candidate. Pure functions and seeded samplers; the runner (`@mlcompare/bench`)
 * evaluates the candidates by nested cross-validation.
 */
export { parseSpace, spaceFromJSON, validateSpace, type SpaceValue, type TuneConfig } from './space.js';
export { gridCandidates, gridSize, gridAt, isGridSpace } from './grid.js';
export { createSampler, type Sampler, type SamplerOptions } from './sampler.js';
export type { TpeOptions } from './tpe.js';
export { halvingSchedule, halvingTopK, type HalvingOptions, type HalvingRound, type HalvingSchedule } from './halving.js';
export { bestCandidate, meanInnerScore, type CandidateScores } from './best.js';
