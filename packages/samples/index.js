import { fileURLToPath } from 'node:url';

const at = (name) => fileURLToPath(new URL(`./media/${name}`, import.meta.url));

/** Absolute paths of the committed sample media (see generate.mjs for how each is made). */
export const samples = Object.freeze({
  /** 4 s, 320x240, 24 fps H.264 + AAC: a real face (the NASA portrait of faces/SOURCE.md), slowly panned. */
  faceMp4: at('face.mp4'),
  /** The first second of face.mp4 (the simulated host's answer to the self-test's 1 s export). */
  face1sMp4: at('face-1s.mp4'),
  /** 4 s, 320x240, no audio: face.mp4's portrait for 2 s, then a cut to a shot of the suit without a face. */
  faceCutMp4: at('face-cut.mp4'),
  /** 4 s, 480x240, no audio: two copies of the portrait side by side. */
  twoFacesMp4: at('two-faces.mp4'),
  /** 4.5 s mono 48 kHz WAV: speech-like syllables. */
  dubWav: at('dub.wav'),
  faceMov: at('face.mov'),
  faceM4v: at('face.m4v'),
  faceWebm: at('face.webm'),
  /** 2 s video with no audio stream. */
  silentMp4: at('silent.mp4'),
  dubMp3: at('dub.mp3'),
  dubM4a: at('dub.m4a'),
  dubAac: at('dub.aac'),
  /** 16 s: one second over react-1's limit. */
  long16sMp4: at('long-16s.mp4'),
  long16sMp3: at('long-16s.mp3'),
  /** Exactly 15 s, with AAC audio: at the limit, so it must be accepted. */
  edge15sMp4: at('edge-15s.mp4'),
  emptyMp4: at('empty.mp4'),
  notMediaMp4: at('not-media.mp4'),
  truncatedMp4: at('truncated.mp4'),
});

/** A public-domain NASA portrait (see faces/SOURCE.md): the real face the face check is tested on. */
export const astronautJpg = fileURLToPath(new URL('./faces/astronaut.jpg', import.meta.url));

export const mediaDir = fileURLToPath(new URL('./media/', import.meta.url));
