/**
 * The face check's verdicts, from sampled frames: where no face is seen, where several are, where the face is too
 * small to re-animate well, and what of the video itself will trouble react-1 (variable frame rate, above 4K). Pure:
 * the detector and the frame source are the platform's (ffmpeg + a detector in Node, a <video> in a browser).
 * Across lipsync tools, a job that dies (and is paid for) because frames have no detectable face is the most
 * reported failure (shared/reference/field-notes.md), so each finding says where and what to do.
 */

export interface FaceBox {
  /** Pixels in the analysed frame. */
  x: number;
  y: number;
  width: number;
  height: number;
  score: number;
}

export interface FrameSample {
  timeSec: number;
  faces: FaceBox[];
  /** The analysed frame's size (it may be scaled down from the video's). */
  width: number;
  height: number;
}

export type FaceFindingCode = 'no_face' | 'several_faces' | 'small_face' | 'variable_frame_rate' | 'above_4k';

export interface FaceFinding {
  code: FaceFindingCode;
  /** The span the finding covers, seconds from the start (the whole video for vfr / 4K). */
  startSec: number;
  endSec: number;
  /** `refuse` only for what the service is certain to reject; everything else warns. */
  severity: 'warn' | 'refuse';
  /** What, where, and what to do. */
  message: string;
}

export interface VideoFacts {
  durationSec: number;
  width: number | undefined;
  height: number | undefined;
  /** True when frame durations vary (a phone recording, a screen capture). */
  variableFrameRate: boolean;
}

export interface FindingOptions {
  /** A face narrower than this share of the frame's width is "small" (default 0.1: 128 px of 1280). */
  minFaceShare?: number;
  /** Spans shorter than this are not reported (a blink of a frame), seconds (default 0.3). */
  minSpanSec?: number;
  /**
   * "Several faces" counts only faces the detector is this sure of (default 0.7). A weak second detection (a
   * badge, a pattern on a suit, scoring 0.5–0.6 beside a real face's 0.85+) is not worth a warning.
   */
  severalFacesMinScore?: number;
}

/** Above DCI 4K on either side: react-1 takes "up to 4K". */
const MAX_4K_WIDTH = 4096;
const MAX_4K_HEIGHT = 2160;

const clock = (sec: number) => {
  const minutes = Math.floor(sec / 60);
  const seconds = (sec - minutes * 60).toFixed(2).padStart(5, '0');
  return `${minutes}:${seconds}`;
};

/** Groups consecutive samples that share a condition into spans [start of first, end of last]. */
function spans(
  samples: readonly FrameSample[],
  test: (sample: FrameSample) => boolean,
  durationSec: number,
): { startSec: number; endSec: number }[] {
  const out: { startSec: number; endSec: number }[] = [];
  let start: number | undefined;
  for (let index = 0; index < samples.length; index++) {
    const sample = samples[index] as FrameSample;
    const next = samples[index + 1];
    if (test(sample)) {
      start ??= index === 0 ? 0 : midpoint(samples[index - 1] as FrameSample, sample);
      if (!next || !test(next)) {
        out.push({ startSec: start, endSec: next ? midpoint(sample, next) : durationSec });
        start = undefined;
      }
    }
  }
  return out;
}

/** A span's edge lies halfway between the last sample without and the first with the condition. */
function midpoint(a: FrameSample, b: FrameSample): number {
  return Math.round(((a.timeSec + b.timeSec) / 2) * 1000) / 1000;
}

/** The findings for one video, from its samples (ordered by time) and what its container says. */
export function faceFindings(
  samples: readonly FrameSample[],
  video: VideoFacts,
  options: FindingOptions = {},
): FaceFinding[] {
  const minShare = options.minFaceShare ?? 0.1;
  const minSpan = options.minSpanSec ?? 0.3;
  const sureScore = options.severalFacesMinScore ?? 0.7;
  const sorted = [...samples].sort((a, b) => a.timeSec - b.timeSec);
  const findings: FaceFinding[] = [];
  const keep = (span: { startSec: number; endSec: number }) => span.endSec - span.startSec >= minSpan;
  const where = (span: { startSec: number; endSec: number }) =>
    `${clock(span.startSec)}–${clock(span.endSec)}`;

  for (const span of spans(sorted, (sample) => sample.faces.length === 0, video.durationSec).filter(keep)) {
    findings.push({
      code: 'no_face',
      ...span,
      severity: 'warn',
      message: `No face is visible ${where(span)}: react-1 may fail the whole job there (and it is paid for). Trim that span, or split the clip around it.`,
    });
  }
  const several = (sample: FrameSample) => sample.faces.filter((face) => face.score >= sureScore).length > 1;
  for (const span of spans(sorted, several, video.durationSec).filter(keep)) {
    findings.push({
      code: 'several_faces',
      ...span,
      severity: 'warn',
      message: `Several faces are visible ${where(span)}: react-1 has no face selection and may animate the wrong one. Crop to the speaker.`,
    });
  }
  const small = (sample: FrameSample) =>
    sample.faces.length > 0 && Math.max(...sample.faces.map((face) => face.width / sample.width)) < minShare;
  for (const span of spans(sorted, small, video.durationSec).filter(keep)) {
    findings.push({
      code: 'small_face',
      ...span,
      severity: 'warn',
      message: `The face is small ${where(span)} (under ${Math.round(minShare * 100)}% of the frame's width): the lips will lack detail. Crop closer to the speaker.`,
    });
  }
  if (video.variableFrameRate) {
    findings.push({
      code: 'variable_frame_rate',
      startSec: 0,
      endSec: video.durationSec,
      severity: 'warn',
      message:
        'The video has a variable frame rate (typical of phone and screen recordings): the result may drift against the audio. Conform it to a constant rate first (e.g. ffmpeg -vf fps=25).',
    });
  }
  if (
    video.width !== undefined &&
    video.height !== undefined &&
    (Math.max(video.width, video.height) > MAX_4K_WIDTH ||
      Math.min(video.width, video.height) > MAX_4K_HEIGHT)
  ) {
    findings.push({
      code: 'above_4k',
      startSec: 0,
      endSec: video.durationSec,
      severity: 'refuse',
      message: `The video is ${video.width}×${video.height}, above the 4K react-1 takes: scale it to 4096×2160 or less.`,
    });
  }
  return findings.sort((a, b) => a.startSec - b.startSec || a.code.localeCompare(b.code));
}

/** When to look: `perSecond` frames a second, plus the first and the last frame. */
export function sampleTimes(durationSec: number, perSecond = 4, lastFrameSec?: number): number[] {
  if (!(durationSec > 0)) return [0];
  const times = new Set<number>([0]);
  for (let t = 1 / perSecond; t < durationSec; t += 1 / perSecond) times.add(Math.round(t * 1000) / 1000);
  times.add(Math.max(0, Math.round((lastFrameSec ?? durationSec - 0.04) * 1000) / 1000));
  return [...times].sort((a, b) => a - b);
}

/**
 * After a job: whether the result drifts from its source by more than a frame (duration or frame count), which
 * placing it over the original would show as a slip.
 */
export function outputDrift(
  source: { durationSec: number; fps: number | undefined },
  result: { durationSec: number; fps: number | undefined },
  expectedSec: number = source.durationSec,
): { drifts: boolean; bySec: number; byFrames: number | undefined; message: string | undefined } {
  const fps = source.fps ?? result.fps;
  const bySec = Math.round((result.durationSec - expectedSec) * 1000) / 1000;
  const byFrames = fps ? Math.round(bySec * fps) : undefined;
  const frame = fps ? 1 / fps : 0.04;
  const rateChanged =
    source.fps !== undefined && result.fps !== undefined && Math.abs(source.fps - result.fps) > 0.01;
  const drifts = Math.abs(bySec) > frame + 1e-6 || rateChanged;
  const message = drifts
    ? `The result is ${Math.abs(bySec).toFixed(3)} s ${bySec >= 0 ? 'longer' : 'shorter'} than expected${byFrames === undefined ? '' : ` (${Math.abs(byFrames)} frames)`}${rateChanged ? `, at ${result.fps?.toFixed(3)} fps instead of ${source.fps?.toFixed(3)}` : ''}: placed over the original it will slip. Check it before placing.`
    : undefined;
  return { drifts, bySec, byFrames, message };
}
