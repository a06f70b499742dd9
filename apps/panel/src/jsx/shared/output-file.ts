import { hostError } from './result';

/**
 * Stale exports (adobe-host-notes §10): an export that fails silently leaves whatever an earlier one wrote at the
 * same path, and "the file exists" would pass it off as new. So the target goes first, and only a non-empty file
 * written since the export began counts.
 */

/** Removes what is at `path`, so nothing there can pass for this export. */
export function clearTarget(path: string): void {
  const file = new File(path);
  if (file.exists && !file.remove()) {
    throw hostError('export_failed', `${path} exists and cannot be replaced: close whatever has it open`);
  }
}

/** Why `path` is not this export's output, or null when it is: present, not empty, written since `since`. */
export function staleOutput(path: string, since: Date): string | null {
  const file = new File(path);
  if (!file.exists) {
    return 'no file was written';
  }
  if (!(file.length > 0)) {
    return 'the file is empty';
  }
  const modified = file.modified;
  // Coarse file-system clocks (FAT: 2 s) may date a file written just now a little before `since`.
  if (modified && modified.getTime() < since.getTime() - 2000) {
    return 'the file is older than this export';
  }
  return null;
}
