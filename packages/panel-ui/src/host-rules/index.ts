// The host code's own rules — frame ranges, offsets, tick arithmetic, refusals — written once in ES3-safe
// TypeScript: the CEP panel's ExtendScript bundles them, and the shells' bridges (the UXP bridge, the simulated
// host) apply the same ones. Nothing here may use what ExtendScript lacks (scripts/build-jsx.mjs checks ES3).
export { type FrameSpan, offsetFrames, rangeFrames } from './range';
export { type HostRefusal, hostError, isHostError } from './refusal';
export {
  formatTicks,
  fpsFromFrameTicks,
  framesIn,
  MAX_EXACT_TICKS,
  parseTicks,
  secondsToTicks,
  TICKS_PER_SECOND,
  ticksToSeconds,
  timeFromSeconds,
  timeFromTicks,
} from './ticks';
