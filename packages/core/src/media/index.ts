export { aiffToWav, isAiff } from './aiff.js';
export { SUPPORTED_FORMATS_TEXT } from './failures.js';
export { type ProbeOptions, probeBlob, probeBytes, probeSource } from './probe.js';
export type { ByteSource } from './source.js';
export * from './types.js';
