/**
 * File types that can carry sound. Premiere's ExtendScript has no reliable "has audio" test for a project item
 * (getAudioChannelMapping is documented but absent from the typings and undocumented in shape), so Premiere
 * lists items by extension: audio files, and video containers, which usually but not always hold a sound track.
 */
const AUDIO_EXTENSIONS = /\.(wav|wave|bwf|aif|aiff|aifc|mp3|m4a|aac|flac|ogg|oga|opus|wma|caf)$/i;
const VIDEO_EXTENSIONS = /\.(mp4|m4v|mov|mxf|avi|mkv|webm|mpg|mpeg|mts|m2ts|ts|3gp|wmv|dv|braw|r3d)$/i;

export function mayHaveAudio(path: string): boolean {
  return AUDIO_EXTENSIONS.test(path) || VIDEO_EXTENSIONS.test(path);
}
