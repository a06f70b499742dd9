import type { AudioItem } from '@reanimate/panel-ui/host-bridge';
import { requireProject } from './common';

/** Folders deeper than this are not followed (a guard against a broken parent chain, not a real limit). */
const MAX_DEPTH = 32;

/** The file behind a footage item: FootageItem.file, else its FileSource's file; null for solids/placeholders. */
function fileOf(item: FootageItem): File | null {
  if (item.file) {
    return item.file;
  }
  const source: unknown = item.mainSource;
  return typeof FileSource !== 'undefined' && source instanceof FileSource && source.file
    ? source.file
    : null;
}

/** "Dubs/French" for an item in Dubs > French; "" at the top level. */
function folderPath(project: Project, item: Item): string {
  const rootId = project.rootFolder.id;
  let path = '';
  let folder: FolderItem | null = item.parentFolder;
  for (let depth = 0; folder && folder.id !== rootId && depth < MAX_DEPTH; depth++) {
    path = path === '' ? folder.name : `${folder.name}/${path}`;
    folder = folder.parentFolder;
  }
  return path;
}

/** Footage items with sound and a file on disk (missing footage is skipped), in project item order. */
export function listAudioItems(): AudioItem[] {
  const project = requireProject();
  const found: AudioItem[] = [];
  // project.item(i) covers every item of the project, in every folder (1-based).
  for (let i = 1; i <= project.numItems; i++) {
    const item = project.item(i);
    if (!(item instanceof FootageItem) || !item.hasAudio || item.footageMissing) {
      continue;
    }
    const file = fileOf(item);
    if (!file) {
      continue;
    }
    found.push({
      itemId: String(item.id),
      name: item.name,
      mediaPath: String(file.fsName),
      binPath: folderPath(project, item),
      durationSec: item.duration > 0 ? item.duration : null,
    });
  }
  return found;
}
