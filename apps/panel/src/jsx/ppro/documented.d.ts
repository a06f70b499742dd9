// Calls Adobe documents that types-for-adobe (Premiere/24.0) leaves out or types too narrowly. Merged into its
// global classes; sources in shared/reference/adobe-host-notes.md §10.

interface Sequence {
  /** PG sequence.md: the in point accepts a Time as well as seconds. */
  setInPoint(time: Time | number): void;
  setOutPoint(time: Time | number): void;
  /** PG sequence.md: the in/out as seconds, in a string; "-400000" when unset (PPP). */
  getInPoint(): string;
  getOutPoint(): string;
  /**
   * PG sequence.md: puts `projectItem` at `time` on the video track and its sound on the audio track given,
   * overwriting what is there (Track.overwriteClip lets Premiere pick the audio track).
   */
  overwriteClip(
    projectItem: ProjectItem,
    time: Time | number,
    videoTrackIndex: number,
    audioTrackIndex: number,
  ): boolean;
}
