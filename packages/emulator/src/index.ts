export { DEFAULT_TOKEN, startEmulator } from './emulator.js';
export { parseFaultRule, parseFaultSpec } from './faults.js';
export { type LocalS3, startLocalS3 } from './local-s3.js';
export {
  type MediaRule,
  type MediaServer,
  type MediaServerOptions,
  startMediaServer,
} from './media-server.js';
export { outputDuration } from './render.js';
export type {
  ActiveFault,
  Emulator,
  EmulatorOptions,
  FaultKind,
  FaultRoute,
  FaultRule,
  JobSnapshot,
  Processing,
  RecordedRequest,
  RouteName,
} from './types.js';
