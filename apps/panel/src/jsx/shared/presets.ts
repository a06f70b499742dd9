/**
 * Depth-limited search for a preset file under a folder whose name matches `pattern` and that `accept` takes:
 * the host's own system presets. Folder layouts differ between versions, hence no fixed path.
 */
export function findPresetFile(
  folder: Folder,
  pattern: RegExp,
  depth: number,
  accept: (path: string) => boolean = () => true,
): string | null {
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
    } else if (
      /\.epr$/i.test(entry.name) &&
      pattern.test(decodeURI(entry.name)) &&
      accept(String(entry.fsName))
    ) {
      return String(entry.fsName);
    }
  }
  for (let i = 0; i < subfolders.length; i++) {
    const found = findPresetFile(subfolders[i], pattern, depth - 1, accept);
    if (found !== null) {
      return found;
    }
  }
  return null;
}
