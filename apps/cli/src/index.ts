// Library entry: the pieces of the CLI other tools may reuse. The executable is ./cli.ts.

export { type CliSettings, loadSettings, reanimateHome, SETTINGS } from './config.js';
export { describeError, type ErrorReport } from './errors-to-exit.js';
export { ExitCode, worstExitCode } from './exit-codes.js';
export { type JobOptions, parseJobOptions } from './job-options.js';
export { type CliIo, main } from './main.js';
export { type Manifest, type ManifestRow, parseManifest, readManifest } from './manifest.js';
export { type ParsedCommand, parseCommandLine, UsageError } from './program.js';
export {
  describeState,
  type Phase,
  ProgressRenderer,
  type ProgressState,
  progressModeFor,
} from './progress.js';
export { type CutSegment, cutSegments } from './split/cut.js';
export { ffmpegPath, type MediaInfo, mediaInfo, runFfmpeg } from './split/ffmpeg.js';
export { type JoinResult, joinSegments } from './split/join.js';
export { makeLongSample } from './split/long-sample.js';
