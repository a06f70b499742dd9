import { createFile, type ISOFile, Log, type Movie, MP4BoxBuffer, type Track } from 'mp4box';
import { corruptMedia, describeFailure } from './failures.js';
import { type ByteSource, toArrayBuffer } from './source.js';
import type { MediaProbe } from './types.js';

/**
 * MP4, MOV, M4V and M4A through GPAC's mp4box. Bytes are fed in chunks from wherever mp4box asks for them next,
 * so a file whose `moov` sits after a large `mdat` costs two or three reads, not the whole file.
 */

const CHUNK_BYTES = 512 * 1024;
const FORMAT_NAME = 'an MP4/MOV file';

const MIME_TYPES: Record<'mp4' | 'mov' | 'm4v' | 'm4a', string> = {
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  m4v: 'video/x-m4v',
  m4a: 'audio/mp4',
};

export async function probeIsoBmff(source: ByteSource, label: string): Promise<MediaProbe> {
  const file = createFile();
  let movie: Movie | undefined;
  let parseError: string | undefined;
  file.onReady = (info) => {
    movie = info;
  };
  file.onError = (module, message) => {
    parseError ??= `${module}: ${message}`;
  };
  const logged: string[] = [];

  let position = 0;
  while (!movie && parseError === undefined && position < source.size) {
    // Read errors are the source's (a missing file, an unreachable URL) and propagate as they are.
    const bytes = await source.read(position, position + CHUNK_BYTES);
    if (bytes.byteLength === 0) break;
    const last = position + bytes.byteLength >= source.size;
    let next: number | undefined;
    try {
      const buffer = MP4BoxBuffer.fromArrayBuffer(toArrayBuffer(bytes), position);
      next = quietly(logged, () => file.appendBuffer(buffer, last));
      if (last && !movie) quietly(logged, () => file.flush());
    } catch (error) {
      throw corruptMedia(label, FORMAT_NAME, describeFailure(error), error);
    }
    // mp4box answers with the offset it wants next (past an mdat it skips); no progress means it is stuck.
    if (last || typeof next !== 'number' || next <= position) break;
    position = next;
  }

  if (!movie) {
    const missing = file.moovStartFound
      ? 'its movie header (moov) is cut short'
      : 'no movie header (moov) found';
    const detail = parseError ?? logged[0] ?? missing;
    throw corruptMedia(label, FORMAT_NAME, detail);
  }
  return describeMovie(file, movie, source.size, label);
}

function describeMovie(file: ISOFile, movie: Movie, sizeBytes: number, label: string): MediaProbe {
  const videoTrack = movie.videoTracks[0];
  const audioTrack = movie.audioTracks[0];
  if (!videoTrack && !audioTrack) throw corruptMedia(label, FORMAT_NAME, 'it has no video or audio track');
  const durationSec = movieDuration(movie);
  // A fragmented file may leave its total duration to the fragments; that is "does not say", not damage.
  if (durationSec === undefined && !movie.isFragmented) {
    throw corruptMedia(label, FORMAT_NAME, 'its header gives no duration');
  }
  const container = classify(file, Boolean(videoTrack), Boolean(audioTrack));
  const probe: MediaProbe = {
    container,
    durationSec,
    hasVideo: Boolean(videoTrack),
    hasAudio: Boolean(audioTrack),
    sizeBytes,
    mimeType: MIME_TYPES[container],
  };
  if (videoTrack) probe.video = videoInfo(videoTrack);
  if (audioTrack) probe.audio = audioInfo(file, audioTrack);
  return probe;
}

function movieDuration(movie: Movie): number | undefined {
  // What a player shows: each track's edit list (which hides AAC encoder priming, ~21 ms at 48 kHz) decides
  // its length. The movie header counts the priming too, which would push a 15.00 s clip over the limit.
  let longest = 0;
  for (const track of movie.tracks) longest = Math.max(longest, presentedDuration(track) ?? 0);
  if (longest > 0) return longest;
  if (movie.timescale > 0 && movie.duration > 0) return movie.duration / movie.timescale;
  const fragments = movie.fragment_duration;
  if (fragments && fragments.den > 0 && fragments.num > 0) return fragments.num / fragments.den;
  return undefined;
}

function presentedDuration(track: Movie['tracks'][number]): number | undefined {
  let edited = 0;
  for (const edit of track.edits ?? []) edited += edit.segment_duration;
  if (edited > 0 && track.movie_timescale > 0) return edited / track.movie_timescale;
  if (track.timescale > 0 && track.duration > 0) return track.duration / track.timescale;
  return undefined;
}

function classify(file: ISOFile, hasVideo: boolean, hasAudio: boolean): 'mp4' | 'mov' | 'm4v' | 'm4a' {
  // Without an ftyp box the file is an old QuickTime movie.
  const major = (file.ftyp?.major_brand ?? 'qt  ').trim();
  if (major === 'qt') return 'mov';
  if (major.startsWith('M4V')) return 'm4v';
  if (!hasVideo && hasAudio) return 'm4a';
  return 'mp4';
}

function videoInfo(track: Track): NonNullable<MediaProbe['video']> {
  const info: NonNullable<MediaProbe['video']> = {};
  if (track.codec) info.codec = track.codec;
  const width = track.video?.width || track.track_width;
  const height = track.video?.height || track.track_height;
  if (width) info.width = width;
  if (height) info.height = height;
  if (track.nb_samples > 0 && track.samples_duration > 0 && track.timescale > 0) {
    info.fps = Math.round(((track.nb_samples * track.timescale) / track.samples_duration) * 1000) / 1000;
  }
  return info;
}

function audioInfo(file: ISOFile, track: Track): NonNullable<MediaProbe['audio']> {
  const info: NonNullable<MediaProbe['audio']> = {};
  if (track.codec) info.codec = track.codec;
  if (track.audio?.sample_rate) info.sampleRate = track.audio.sample_rate;
  // MP4 sample entries say 2 channels by convention; AAC's own config says how many there really are.
  const channels = aacChannels(file, track.id) ?? track.audio?.channel_count;
  if (channels) info.channels = channels;
  return info;
}

const ES_DESCRIPTOR_TAGS = { decoderConfig: 4, decoderSpecificInfo: 5 } as const;

function aacChannels(file: ISOFile, trackId: number): number | undefined {
  const entry: unknown = file.getTrackById(trackId)?.mdia?.minf?.stbl?.stsd?.entries?.[0];
  const esds = property(entry, 'esds') ?? property(property(entry, 'wave'), 'esds');
  const esd = property(esds, 'esd');
  const config = findDescriptor(esd, ES_DESCRIPTOR_TAGS.decoderConfig);
  const specific = property(findDescriptor(config, ES_DESCRIPTOR_TAGS.decoderSpecificInfo), 'data');
  return specific instanceof Uint8Array ? channelsFromAudioSpecificConfig(specific) : undefined;
}

/** ISO/IEC 14496-3 AudioSpecificConfig: object type, sampling frequency index, then channel configuration. */
export function channelsFromAudioSpecificConfig(bytes: Uint8Array): number | undefined {
  let bit = 0;
  const take = (count: number): number | undefined => {
    let value = 0;
    for (let index = 0; index < count; index++, bit++) {
      const byte = bytes[bit >> 3];
      if (byte === undefined) return undefined;
      value = (value << 1) | ((byte >> (7 - (bit & 7))) & 1);
    }
    return value;
  };
  const objectType = take(5);
  if (objectType === 31) take(6);
  const frequencyIndex = take(4);
  if (frequencyIndex === 15) take(24);
  const configuration = take(4);
  // 0 means "described elsewhere" (a program config element); 7 is the 7.1 layout.
  if (configuration === undefined || configuration === 0 || configuration > 7) return undefined;
  return configuration === 7 ? 8 : configuration;
}

function property(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function findDescriptor(descriptor: unknown, tag: number): unknown {
  const find = property(descriptor, 'findDescriptor');
  return typeof find === 'function' ? (find as (tag: number) => unknown).call(descriptor, tag) : undefined;
}

type LogFunction = (module: string, message?: string, isofile?: ISOFile) => void;

/**
 * Runs a synchronous mp4box call with its console logging diverted: mp4box prints "Invalid box type" and the
 * like to console.error, which would litter a CLI's output and a panel's console. Errors addressed to a file
 * still reach its onError; the rest are kept in `sink` for our own message. Restored before returning, and
 * since the call is synchronous no other code sees the swap.
 */
function quietly<T>(sink: string[], run: () => T): T {
  const saved = { error: Log.error, warn: Log.warn, info: Log.info, debug: Log.debug };
  const divert: LogFunction = (module, message, isofile) => {
    if (isofile?.onError) isofile.onError(module, message ?? '');
    else sink.push(`${module}: ${message ?? ''}`);
  };
  const ignore = () => {};
  Log.error = divert;
  Log.warn = divert;
  Log.info = ignore;
  Log.debug = ignore;
  try {
    return run();
  } finally {
    Object.assign(Log, saved);
  }
}
