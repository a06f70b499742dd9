import type { ImportRequest, ImportResult } from '@reanimate/panel-ui/host-bridge';
import { hostError } from '../shared/result';
import { requireProject, undoGroup } from './common';

function findOrCreateFolder(project: Project, name: string): FolderItem {
  const root = project.rootFolder;
  for (let i = 1; i <= root.numItems; i++) {
    const item = root.item(i);
    if (item instanceof FolderItem && item.name === name) {
      return item;
    }
  }
  return project.items.addFolder(name);
}

/** After Effects has no per-item project metadata; the tags go into the item's comment (Project panel column). */
function tagComment(tags: { [key: string]: string }): string {
  let text = 'Reanimate';
  for (const key in tags) {
    if (Object.prototype.hasOwnProperty.call(tags, key)) {
      text += `; ${key}=${tags[key]}`;
    }
  }
  return text;
}

export function importResult(request: ImportRequest): ImportResult {
  const project = requireProject();
  const file = new File(request.path);
  if (!file.exists) {
    throw hostError('import_failed', `The result file does not exist: ${request.path}`);
  }
  return undoGroup('Reanimate: import result', () => {
    const folder = findOrCreateFolder(project, request.binName);
    let item: unknown = null;
    try {
      item = project.importFile(new ImportOptions(file));
    } catch (error) {
      throw hostError('import_failed', `After Effects refused to import ${request.path}: ${String(error)}`);
    }
    if (!(item instanceof FootageItem)) {
      throw hostError('import_failed', `After Effects did not import ${request.path} as footage`);
    }
    item.parentFolder = folder;
    item.comment = tagComment(request.tags);
    return { itemId: String(item.id), name: item.name, binName: request.binName };
  });
}
