// What a shell needs to host the panel UI: the app, its settings, the contract its bridge implements, and the
// pieces a bridge shares (refusals, polling) or a shell runs (the host self-test). Internals are reachable as
// `@reanimate/panel-ui/<folder>/<file>` for the shells' tests; shells themselves import from here.
export { App, type AppProps, describeError, describeOutcome, toFileUrl } from './app/App.tsx';
export {
  EMPTY_SETTINGS,
  loadSettings,
  loadToken,
  type PanelSettings,
  type S3Form,
  saveSettings,
  saveToken,
} from './app/settings-model.ts';
export { HostError } from './bridge/host-error.ts';
export { hostRules } from './bridge/host-rules.ts';
export { type PollOptions, pollForChanges } from './bridge/poll-host.ts';
export type { CanvasFaceDetector, DetectorOptions, FaceDetectorModule } from './faces/types.ts';
export type * from './host-bridge.ts';
export { HOST_EVENTS, HOST_NAMESPACE } from './host-bridge.ts';
export type { KeyValueStore, Platform } from './platform/types.ts';
export {
  formatReport,
  runSelfTest,
  type SelfTestDeps,
  type SelfTestReport,
  type SelfTestRow,
} from './self-test/run-self-test.ts';
