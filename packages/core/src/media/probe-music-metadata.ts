import { type IAudioMetadata, parseBlob } from 'music-metadata';
import { corruptMedia, describeFailure, unsupportedContainer } from './failures.js';
import type { SniffedKind } from './sniff.js';
import { type ByteSource, toArrayBuffer, withReadAhead } from './source.js';
import type { Container, MediaProbe } from './types.js';

/** WebM, WAV, MP3 and AAC (ADTS) through music-metadata, which reads them well (and ISO-BMFF video poorly). */

type MusicMetadataKind = Exclude<SniffedKind, 'isobmff'>;
type ITrackInfo = IAudioMetadata['format']['trackInfo'][number];

// The type music-metadata is told, so it picks its parser from what the bytes are, not from the file name.
const PARSER_MIME: Record<MusicMetadataKind, string> = {
  matroska: 'video/webm',
  wav: 'audio/wav',
  'mpeg-audio': 'audio/mpeg',
};

const FORMAT_NAME: Record<MusicMetadataKind, string> = {
  matroska: 'a WebM/Matroska file',
  wav: 'a WAV file',
  'mpeg-audio': 'an MP3 or AAC file',
};

type MusicMetadataContainer = Extract<Container, 'webm' | 'wav' | 'mp3' | 'aac'>;

const CONTAINERS: Record<string, MusicMetadataContainer | undefined> = {
  'EBML/webm': 'webm',
  WAVE: 'wav',
  MPEG: 'mp3',
  'ADTS/MPEG-4': 'aac',
};

const MIME_TYPES: Record<MusicMetadataContainer, string> = {
  webm: 'video/webm',
  wav: 'audio/wav',
  mp3: 'audio/mpeg',
  aac: 'audio/aac',
};

const READ_AHEAD_BYTES = 64 * 1024;

export async function probeWithMusicMetadata(
  source: ByteSource,
  kind: MusicMetadataKind,
  label: string,
): Promise<MediaProbe> {
  const reader = new SourceBlob(withReadAhead(source, READ_AHEAD_BYTES), 0, source.size, PARSER_MIME[kind]);
  let metadata: IAudioMetadata;
  try {
    // `duration: true` lets it count frames when a header does not state the length (ADTS AAC never does).
    metadata = await parseBlob(reader.asBlob(), { duration: true, skipCovers: true });
  } catch (error) {
    if (reader.failure.error !== undefined) throw reader.failure.error;
    throw corruptMedia(label, FORMAT_NAME[kind], describeFailure(error), error);
  }
  // A source that failed mid-parse may have left music-metadata with a partial answer: never trust it.
  if (reader.failure.error !== undefined) throw reader.failure.error;
  return describe(metadata, kind, source.size, label);
}

function describe(
  metadata: IAudioMetadata,
  kind: MusicMetadataKind,
  sizeBytes: number,
  label: string,
): MediaProbe {
  const format = metadata.format;
  if (format.container === 'EBML/matroska') throw unsupportedContainer(label, 'a Matroska (.mkv) file');
  const container = format.container === undefined ? undefined : CONTAINERS[format.container];
  if (!container) {
    throw corruptMedia(label, FORMAT_NAME[kind], `it reads as ${format.container ?? 'nothing recognisable'}`);
  }

  const videoTrack = format.trackInfo.find((track) => track.video);
  const audioTrack = format.trackInfo.find((track) => track.audio);
  const hasVideo = Boolean(videoTrack);
  // music-metadata reports hasAudio even for an empty parse, so ask for evidence: a track or a decoded format.
  const hasAudio = Boolean(audioTrack) || (container !== 'webm' && format.sampleRate !== undefined);
  if (!hasVideo && !hasAudio) throw corruptMedia(label, FORMAT_NAME[kind], 'no video or audio stream found');

  const durationSec = format.duration !== undefined && format.duration > 0 ? format.duration : undefined;
  // WebM from a browser's MediaRecorder often states no duration: that is "does not say", not damage.
  if (durationSec === undefined && container !== 'webm') {
    throw corruptMedia(label, FORMAT_NAME[kind], 'no audio frames found');
  }

  const probe: MediaProbe = {
    container,
    durationSec,
    hasVideo,
    hasAudio,
    sizeBytes,
    mimeType: container === 'webm' && !hasVideo ? 'audio/webm' : MIME_TYPES[container],
  };
  if (videoTrack) probe.video = videoInfo(videoTrack);
  if (hasAudio) probe.audio = audioInfo(format, audioTrack);
  return probe;
}

function videoInfo(track: ITrackInfo): NonNullable<MediaProbe['video']> {
  const info: NonNullable<MediaProbe['video']> = {};
  if (track.codecName) info.codec = track.codecName;
  if (track.video?.pixelWidth) info.width = track.video.pixelWidth;
  if (track.video?.pixelHeight) info.height = track.video.pixelHeight;
  return info;
}

function audioInfo(
  format: IAudioMetadata['format'],
  track: ITrackInfo | undefined,
): NonNullable<MediaProbe['audio']> {
  const info: NonNullable<MediaProbe['audio']> = {};
  const codec = track?.codecName ?? format.codec;
  const sampleRate = track?.audio?.samplingFrequency ?? format.sampleRate;
  const channels = track?.audio?.channels ?? format.numberOfChannels;
  if (codec) info.codec = codec;
  if (sampleRate) info.sampleRate = sampleRate;
  if (channels) info.channels = channels;
  return info;
}

/**
 * The part of Blob that music-metadata's `parseBlob` uses (size, type, slice, arrayBuffer), over any ByteSource.
 * It gives music-metadata random access to files on disk and to URLs without a dependency on its tokenizer
 * library, and lets us set the type it picks its parser by.
 */
class SourceBlob {
  constructor(
    private readonly source: ByteSource,
    private readonly start: number,
    private readonly end: number,
    readonly type: string,
    /** Shared by every slice: the first error the source threw, if any. */
    readonly failure: { error?: unknown } = {},
  ) {}

  get size(): number {
    return this.end - this.start;
  }

  slice(start = 0, end = this.size, contentType = ''): SourceBlob {
    const from = this.start + clampSliceIndex(start, this.size);
    const to = this.start + clampSliceIndex(end, this.size);
    return new SourceBlob(this.source, from, Math.max(from, to), contentType, this.failure);
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    try {
      return toArrayBuffer(await this.source.read(this.start, this.end));
    } catch (error) {
      this.failure.error ??= error;
      throw error;
    }
  }

  asBlob(): Blob {
    // Only the members above are used by music-metadata's Blob tokenizer; see the class comment.
    return this as unknown as Blob;
  }
}

/** Blob.slice semantics: negative indexes count from the end. */
function clampSliceIndex(index: number, size: number): number {
  return index < 0 ? Math.max(0, size + index) : Math.min(index, size);
}
