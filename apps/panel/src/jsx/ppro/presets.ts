import { joinPath } from '../shared/paths';
import { findPresetFile } from '../shared/presets';
import { hostError } from '../shared/result';

/**
 * Premiere's own export presets, from its application folder: a real .epr is a 175 kB parameter tree that only
 * Premiere or Media Encoder can write, so none ships with the extension. Found through `app.path` (PG
 * application.md; Windows and macOS) and `Folder.appPackage` (macOS only, JavaScript Tools Guide), and each
 * candidate checked with `Sequence.getExportFileExtension` (PG sequence.md): only a preset that says "mp4" (or
 * "wav") is used, whatever its name suggests.
 */

// Layouts seen under the application folder; several, since app.path may name the .app bundle or its parent.
const SYSTEM_PRESET_FOLDERS = ['MediaIO/systempresets', 'Contents/MediaIO/systempresets'];

/** By preference: the names Premiere gives the presets we want, then any of the right kind. */
const VIDEO_NAMES = [
  /match source.*adaptive high bitrate/i,
  /match source.*h\.?264|h\.?264.*match source/i,
  /h\.?264/i,
];
const AUDIO_NAMES = [/waveform audio 48 ?khz 16.?bit/i, /waveform|wav/i];

function applicationFolders(): string[] {
  const roots: string[] = [];
  const add = (path: unknown) => {
    const text = path ? String(path).replace(/[\\/]+$/, '') : '';
    // ES3: no Array.prototype.indexOf in ExtendScript.
    for (let i = 0; i < roots.length; i++) {
      if (roots[i] === text) {
        return;
      }
    }
    if (text !== '') {
      roots.push(text);
    }
  };
  try {
    add((app as unknown as { path?: unknown }).path);
  } catch (_error) {}
  try {
    const appPackage = (Folder as unknown as { appPackage?: Folder }).appPackage;
    add(appPackage ? appPackage.fsName : '');
  } catch (_error) {}
  return roots;
}

/** The extension a preset writes, as Premiere says: "mp4", "wav" (any dot or case removed). */
function extensionOf(sequence: Sequence, preset: string): string {
  try {
    return String(sequence.getExportFileExtension(preset)).replace(/^\./, '').toLowerCase();
  } catch (_error) {
    return '';
  }
}

function systemPreset(sequence: Sequence, names: RegExp[], extension: string): string | null {
  const roots = applicationFolders();
  for (let n = 0; n < names.length; n++) {
    for (let r = 0; r < roots.length; r++) {
      for (let f = 0; f < SYSTEM_PRESET_FOLDERS.length; f++) {
        const found = findPresetFile(
          new Folder(joinPath(roots[r], SYSTEM_PRESET_FOLDERS[f])),
          names[n],
          4,
          (path) => extensionOf(sequence, path) === extension,
        );
        if (found !== null) {
          return found;
        }
      }
    }
  }
  return null;
}

export function videoPreset(sequence: Sequence): string {
  const preset = systemPreset(sequence, VIDEO_NAMES, 'mp4');
  if (!preset) {
    throw hostError(
      'export_failed',
      'No H.264 (MP4) export preset found in Premiere\u2019s system presets: repair or reinstall Premiere Pro',
    );
  }
  return preset;
}

export function audioPreset(sequence: Sequence): string {
  const preset = systemPreset(sequence, AUDIO_NAMES, 'wav');
  if (!preset) {
    throw hostError(
      'export_failed',
      'No Waveform Audio (WAV) export preset found in Premiere\u2019s system presets: repair or reinstall Premiere Pro',
    );
  }
  return preset;
}
