import { closeSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { samples } from '@reanimate/samples';
import { expect } from 'vitest';
import { InputError } from '../src/index.js';

/** Top-level ISO-BMFF boxes of a file: type, offset and size. */
export function topLevelBoxes(bytes: Uint8Array): Array<{ type: string; start: number; size: number }> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const boxes: Array<{ type: string; start: number; size: number }> = [];
  for (let start = 0; start + 8 <= bytes.byteLength; ) {
    const size = view.getUint32(start);
    const type = String.fromCharCode(...bytes.subarray(start + 4, start + 8));
    boxes.push({ type, start, size });
    if (size < 8) break;
    start += size;
  }
  return boxes;
}

/**
 * A valid MP4 of about `padBytes` more than silent.mp4 (2 s, video only), with its moov at the very end: the
 * mdat is enlarged with zeros after the real samples, so the sample offsets stay valid. Written sparse, so a
 * 110 MB file costs no disk and no time.
 */
export function writeBigMoovAtEndMp4(path: string, padBytes: number): number {
  const original = new Uint8Array(readFileSync(samples.silentMp4));
  const boxes = topLevelBoxes(original);
  const mdat = boxes.find((box) => box.type === 'mdat');
  const moov = boxes.find((box) => box.type === 'moov');
  if (!mdat || !moov || moov.start < mdat.start)
    throw new Error('silent.mp4 no longer has its moov after its mdat');
  const head = original.slice(0, moov.start);
  new DataView(head.buffer).setUint32(mdat.start, mdat.size + padBytes);
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, head, 0, head.byteLength, 0);
    writeSync(fd, original, moov.start, moov.size, moov.start + padBytes);
  } finally {
    closeSync(fd);
  }
  return original.byteLength + padBytes;
}

export async function withTempDir<T>(run: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'reanimate-media-'));
  try {
    return await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** dub.wav (4.5 s, mono 48 kHz 16-bit) with `padBytes` of silence appended to its data chunk, written sparse. */
export function writeLongWav(path: string, padBytes: number): number {
  const original = new Uint8Array(readFileSync(samples.dubWav));
  const view = new DataView(original.buffer, original.byteOffset, original.byteLength);
  let offset = 12;
  while (
    offset + 8 <= original.byteLength &&
    String.fromCharCode(...original.subarray(offset, offset + 4)) !== 'data'
  ) {
    offset += 8 + view.getUint32(offset + 4, true) + (view.getUint32(offset + 4, true) % 2);
  }
  if (offset + 8 > original.byteLength) throw new Error('dub.wav has no data chunk');
  const dataSize = view.getUint32(offset + 4, true);
  const head = original.slice(0, offset + 8 + dataSize);
  const headView = new DataView(head.buffer);
  headView.setUint32(offset + 4, dataSize + padBytes, true);
  const total = head.byteLength + padBytes;
  headView.setUint32(4, total - 8, true);
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, head, 0, head.byteLength, 0);
    ftruncateSync(fd, total);
  } finally {
    closeSync(fd);
  }
  return total;
}

/** The InputError a check throws (failing the test if it resolves or throws anything else). */
export async function refusal(promise: Promise<unknown>): Promise<InputError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(InputError.isInstance(error)).toBe(true);
  return error as InputError;
}
