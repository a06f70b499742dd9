import { basename } from 'node:path';
import type { FaceFinding } from '@reanimate/core';
import { checkVideoFaces, createNodeFaceDetector, type FaceDetector } from '@reanimate/face-check';
import { isRemoteUrl } from './job-spec.js';

let detector: Promise<FaceDetector> | undefined;

/**
 * The face check of a local video, with one detector for the whole process. URLs are not looked at (the check
 * decodes frames locally; downloading a whole video to check it is the user's call).
 */
export async function faceFindingsFor(
  video: string,
  signal: AbortSignal,
): Promise<FaceFinding[] | undefined> {
  if (isRemoteUrl(video)) return undefined;
  detector ??= createNodeFaceDetector();
  return (await checkVideoFaces(video, { detector: await detector, signal })).findings;
}

/** "face.mp4: No face is visible 0:01.38–0:03.04: …", for the progress log and the check's report. */
export function describeFinding(video: string, finding: FaceFinding): string {
  return `${basename(video)}: ${finding.severity === 'refuse' ? 'cannot be used' : 'warning'}: ${finding.message}`;
}
