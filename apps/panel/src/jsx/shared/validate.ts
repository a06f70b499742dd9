import type {
  ExportRange,
  ExportRequest,
  ImportRequest,
  PlaceRequest,
  SelfTestSetupRequest,
} from '@reanimate/panel-ui/host-bridge';
import { isAbsolutePath } from './paths';
import { hostError } from './result';

/**
 * Requests arrive as object literals the panel embedded in the evalScript source, so they are already
 * objects, but nothing guarantees their shape: check every field we rely on and refuse with bad_request.
 */

type Loose = { [key: string]: unknown };

function asObject(value: unknown, what: string): Loose {
  if (typeof value !== 'object' || value === null) {
    throw hostError('bad_request', `${what} must be an object`);
  }
  return value as Loose;
}

function requireString(request: Loose, key: string): string {
  const value = request[key];
  if (typeof value !== 'string' || value === '') {
    throw hostError('bad_request', `${key} must be a non-empty string`);
  }
  return value;
}

function requireAbsolute(request: Loose, key: string): string {
  const value = requireString(request, key);
  if (!isAbsolutePath(value)) {
    throw hostError('bad_request', `${key} must be an absolute path, got "${value}"`);
  }
  return value;
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && isFinite(value);
}

/** Shape only; whether the range lies inside the clip is for the host to check, it knows the clip. */
function optionalRange(value: unknown): ExportRange | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  const range = asObject(value, 'range');
  if (!isNumber(range.startSec) || !isNumber(range.endSec)) {
    throw hostError('bad_request', 'range must have numeric startSec and endSec');
  }
  if (range.startSec < 0 || range.endSec <= range.startSec) {
    throw hostError(
      'bad_request',
      `range must satisfy 0 <= startSec < endSec, got ${range.startSec}–${range.endSec}`,
    );
  }
  return { startSec: range.startSec, endSec: range.endSec };
}

export function validateExport(value: unknown): ExportRequest {
  const request = asObject(value, 'export request');
  const preset = request.preset;
  if (preset !== undefined && preset !== 'h264-mp4') {
    throw hostError('bad_request', `unknown preset "${String(preset)}"`);
  }
  const encoder = request.encoder;
  if (encoder !== undefined && encoder !== 'direct' && encoder !== 'media-encoder') {
    throw hostError('bad_request', `unknown encoder "${String(encoder)}"`);
  }
  const range = optionalRange(request.range);
  const validated: ExportRequest = {
    encoder: encoder === 'media-encoder' ? 'media-encoder' : 'direct',
    clipId: requireString(request, 'clipId'),
    videoPath: requireAbsolute(request, 'videoPath'),
    audioPath:
      request.audioPath === null || request.audioPath === undefined
        ? null
        : requireAbsolute(request, 'audioPath'),
    preset: 'h264-mp4',
  };
  if (range !== undefined) {
    validated.range = range;
  }
  return validated;
}

export function validateImport(value: unknown): ImportRequest {
  const request = asObject(value, 'import request');
  const binName = request.binName;
  const tagsIn = request.tags === undefined ? {} : asObject(request.tags, 'tags');
  const tags: { [key: string]: string } = {};
  for (const key in tagsIn) {
    if (Object.prototype.hasOwnProperty.call(tagsIn, key)) {
      const tag = tagsIn[key];
      if (typeof tag !== 'string') {
        throw hostError('bad_request', `tag ${key} must be a string`);
      }
      tags[key] = tag;
    }
  }
  return {
    path: requireAbsolute(request, 'path'),
    binName: typeof binName === 'string' && binName !== '' ? binName : 'Reanimate',
    tags: tags,
  };
}

export function validatePlace(value: unknown): PlaceRequest {
  const request = asObject(value, 'place request');
  const mode = request.mode;
  if (mode !== 'above' && mode !== 'replace') {
    throw hostError('bad_request', 'mode must be "above" or "replace"');
  }
  const offset = request.offsetSec;
  if (offset !== undefined && offset !== null && (!isNumber(offset) || offset < 0)) {
    throw hostError('bad_request', `offsetSec must be a number >= 0, got ${String(offset)}`);
  }
  const audio = request.audio;
  if (audio !== undefined && audio !== 'free-track' && audio !== 'none') {
    throw hostError('bad_request', 'audio must be "free-track" or "none"');
  }
  return {
    itemId: requireString(request, 'itemId'),
    clipId: requireString(request, 'clipId'),
    mode: mode,
    disableOriginal: request.disableOriginal === true,
    offsetSec: isNumber(offset) ? offset : 0,
    audio: audio === 'none' ? 'none' : 'free-track',
  };
}

export function validateSelfTest(value: unknown): SelfTestSetupRequest {
  const request = asObject(value, 'self-test request');
  return { samplePath: requireAbsolute(request, 'samplePath') };
}
