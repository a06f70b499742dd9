import type { ImportRequest, ImportResult } from '@reanimate/panel-ui/host-bridge';
import { samePath } from '../shared/paths';
import { hostError } from '../shared/result';
import { mediaPathOf, requireProject } from './common';

/** Premiere's private project-metadata namespace: fields here show up as project panel columns. */
const PROJECT_METADATA_NS = 'http://ns.adobe.com/premierePrivateProjectMetaData/1.0/';
/** addPropertyToProjectMetadataSchema type 2 = text. */
const TEXT_PROPERTY = 2;

function findBin(root: ProjectItem, name: string): ProjectItem | null {
  for (let i = 0; i < root.children.numItems; i++) {
    const child = root.children[i];
    if (child && child.type === ProjectItemType.BIN && child.name === name) {
      return child;
    }
  }
  return null;
}

function findOrCreateBin(project: Project, name: string): ProjectItem {
  const existing = findBin(project.rootItem, name);
  if (existing) {
    return existing;
  }
  project.rootItem.createBin(name);
  // createBin's return value is unreliable across versions; search again like Adobe's own sample does.
  const created = findBin(project.rootItem, name);
  if (!created) {
    throw hostError('import_failed', `Could not create the bin "${name}"`);
  }
  return created;
}

function itemsWithPath(root: ProjectItem, path: string, deep: boolean, found: ProjectItem[]): ProjectItem[] {
  for (let i = 0; i < root.children.numItems; i++) {
    const child = root.children[i];
    if (!child) {
      continue;
    }
    if (child.type === ProjectItemType.BIN) {
      if (deep) {
        itemsWithPath(child, path, deep, found);
      }
      continue;
    }
    const media = mediaPathOf(child);
    if (media !== null && samePath(media, path)) {
      found.push(child);
    }
  }
  return found;
}

function contains(items: ProjectItem[], nodeId: string): boolean {
  for (let i = 0; i < items.length; i++) {
    if (items[i].nodeId === nodeId) {
      return true;
    }
  }
  return false;
}

/** The newest match: importing the same file twice makes a second item, and we want the one we just made. */
function pickNew(matches: ProjectItem[], before: ProjectItem[]): ProjectItem | null {
  for (let i = matches.length - 1; i >= 0; i--) {
    if (!contains(before, matches[i].nodeId)) {
      return matches[i];
    }
  }
  return null;
}

function fieldName(key: string): string {
  return `Reanimate${key.charAt(0).toUpperCase()}${key.substring(1).replace(/[^A-Za-z0-9]/g, '')}`;
}

/** Tags go to project metadata so results can be found again; failure here must not undo a good import. */
function tag(project: Project, item: ProjectItem, tags: { [key: string]: string }): void {
  const loose = ExternalObject as unknown as { [key: string]: unknown };
  if (typeof XMPMeta === 'undefined' && !loose.AdobeXMPScript) {
    loose.AdobeXMPScript = new ExternalObject('lib:AdobeXMPScript');
  }
  const Meta = typeof XMPMeta === 'undefined' ? undefined : XMPMeta;
  if (!Meta) {
    return;
  }
  const xmp = new Meta(item.getProjectMetadata());
  const fields: string[] = [];
  for (const key in tags) {
    if (Object.prototype.hasOwnProperty.call(tags, key)) {
      const field = fieldName(key);
      project.addPropertyToProjectMetadataSchema(field, `Reanimate ${key}`, TEXT_PROPERTY);
      xmp.setProperty(PROJECT_METADATA_NS, field, tags[key]);
      fields.push(field);
    }
  }
  if (fields.length > 0) {
    item.setProjectMetadata(xmp.serialize(), fields);
  }
}

export function importResult(request: ImportRequest): ImportResult {
  const project = requireProject();
  if (!new File(request.path).exists) {
    throw hostError('import_failed', `The result file does not exist: ${request.path}`);
  }
  const bin = findOrCreateBin(project, request.binName);
  const before = itemsWithPath(project.rootItem, request.path, true, []);
  let returned: unknown = null;
  try {
    returned = project.importFiles([request.path], true, bin, false);
  } catch (error) {
    throw hostError('import_failed', `Premiere refused to import ${request.path}: ${String(error)}`);
  }
  // Some versions report failure (or nothing) for imports that worked, so the project is the judge.
  let item = pickNew(itemsWithPath(bin, request.path, false, []), before);
  if (!item) {
    // Older versions ignore the target bin and use the insertion bin.
    item = pickNew(itemsWithPath(project.rootItem, request.path, true, []), before);
    if (item) {
      item.moveBin(bin);
    }
  }
  if (!item) {
    throw hostError(
      'import_failed',
      `Premiere did not import ${request.path} (importFiles returned ${String(returned)})`,
    );
  }
  try {
    tag(project, item, request.tags);
  } catch (_error) {
    // Untagged results still work; the tags only help find them later.
  }
  return { itemId: item.nodeId, name: item.name, binName: request.binName };
}
