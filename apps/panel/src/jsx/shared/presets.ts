import { fileNameOf, joinPath, parentOf } from './paths';

/**
 * Where our files live. The panel loads the bundle with $.evalFile, so while it loads $.fileName is
 * <extension>/jsx/reanimate.jsx; later evalScript calls see other values, hence this is read once, at load.
 */
const loadedFrom: string = typeof $ !== 'undefined' && $.fileName ? String($.fileName) : '';

export function extensionRoot(): string | null {
  if (loadedFrom === '' || fileNameOf(loadedFrom).indexOf('.jsx') < 0) {
    return null;
  }
  // $.fileName may be a URI-style path (~/, %20) on macOS; File normalises it to fsName.
  const script = new File(loadedFrom);
  const path = script.fsName ? String(script.fsName) : loadedFrom;
  return parentOf(parentOf(path));
}

/** Marks the stand-in presets in public/epr until real ones exported from Media Encoder replace them. */
export const PLACEHOLDER_MARK = 'reanimate:placeholder';

function isPlaceholder(file: File): boolean {
  if (!file.open('r')) {
    return false;
  }
  try {
    return file.read(4000).indexOf(PLACEHOLDER_MARK) >= 0;
  } finally {
    file.close();
  }
}

/** The preset we ship in <extension>/epr/<name>, or null when it is missing or still a placeholder. */
export function shippedPreset(name: string): string | null {
  const root = extensionRoot();
  if (root === null) {
    return null;
  }
  const file = new File(joinPath(joinPath(root, 'epr'), name));
  return file.exists && !isPlaceholder(file) ? String(file.fsName) : null;
}

/**
 * Depth-limited search for a preset file under a folder whose name matches `pattern`: the fallback to the
 * host's own system presets when ours are missing. Folder layouts differ between versions, hence no fixed path.
 */
export function findPresetFile(folder: Folder, pattern: RegExp, depth: number): string | null {
  if (!folder.exists || depth < 0) {
    return null;
  }
  const entries = folder.getFiles();
  if (!entries) {
    return null;
  }
  const subfolders: Folder[] = [];
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    if (entry instanceof Folder) {
      subfolders.push(entry);
    } else if (/\.epr$/i.test(entry.name) && pattern.test(decodeURI(entry.name))) {
      return String(entry.fsName);
    }
  }
  for (let i = 0; i < subfolders.length; i++) {
    const found = findPresetFile(subfolders[i], pattern, depth - 1);
    if (found !== null) {
      return found;
    }
  }
  return null;
}
