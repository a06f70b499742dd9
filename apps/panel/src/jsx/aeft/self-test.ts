import type { SelfTestCleanup, SelfTestSetup, SelfTestSetupRequest } from '@reanimate/panel-ui/host-bridge';
import { hostError } from '../shared/result';
import { activeComp, requireProject } from './common';

/**
 * "Check this host" in After Effects: a temporary folder with the bundled sample and a comp of it, opened in the
 * viewer so the panel can try export, import and place on it; cleanup removes both and reopens the user's comp,
 * then says whether its selection and active state are as before (a comp has no in/out points to keep).
 */

interface Session {
  folder: FolderItem;
  comp: CompItem;
  name: string;
  userCompId: number | null;
  selected: string;
}

let session: Session | null = null;

function selectedIds(comp: CompItem | null): string {
  if (!comp) {
    return '';
  }
  const ids: number[] = [];
  const layers = comp.selectedLayers;
  for (let i = 0; i < layers.length; i++) {
    ids.push(layers[i].id);
  }
  return ids.sort().join(',');
}

export function selfTestSetup(request: SelfTestSetupRequest): SelfTestSetup {
  const project = requireProject();
  if (session !== null) {
    selfTestCleanup();
  }
  const file = new File(request.samplePath);
  if (!file.exists) {
    throw hostError(
      'bad_request',
      `The self-test sample is missing: ${request.samplePath} (reinstall the extension)`,
    );
  }
  const user = activeComp(project);
  const name = `Reanimate self-test ${new Date().getTime()}`;
  const folder = project.items.addFolder(name);
  let footage: unknown = null;
  try {
    footage = project.importFile(new ImportOptions(file));
  } catch (error) {
    folder.remove();
    throw hostError('import_failed', `After Effects could not import the self-test sample: ${String(error)}`);
  }
  if (!(footage instanceof FootageItem)) {
    folder.remove();
    throw hostError('import_failed', 'After Effects did not import the self-test sample as footage');
  }
  footage.parentFolder = folder;
  const fps = footage.frameRate > 0 ? footage.frameRate : 25;
  const comp = project.items.addComp(
    name,
    footage.width || 320,
    footage.height || 240,
    1,
    footage.duration,
    fps,
  );
  comp.parentFolder = folder;
  const layer = comp.layers.add(footage);
  session = {
    folder: folder,
    comp: comp,
    name: name,
    userCompId: user ? user.id : null,
    selected: selectedIds(user),
  };
  comp.openInViewer();
  return { clipId: `${comp.id}:${layer.id}`, binName: name, containerName: name, fps: fps };
}

export function selfTestCleanup(): SelfTestCleanup {
  const project = requireProject();
  const result: SelfTestCleanup = {
    removed: [],
    activeRestored: false,
    // A comp has no in/out points of the kind a Premiere sequence has; its work area is never touched.
    marksRestored: true,
    selectionRestored: false,
    problems: [],
  };
  const current = session;
  session = null;
  if (current === null) {
    result.problems.push('There was no self-test to clean up.');
    return result;
  }
  try {
    current.comp.remove();
    result.removed.push(`comp "${current.name}"`);
  } catch (error) {
    result.problems.push(`The self-test comp could not be removed: ${String(error)}`);
  }
  try {
    // Removing a folder removes what is in it: the sample and the test's imports.
    current.folder.remove();
    result.removed.push(`folder "${current.name}" with the sample and the test's imports`);
  } catch (error) {
    result.problems.push(`The self-test folder could not be removed: ${String(error)}`);
  }
  if (current.userCompId === null) {
    result.activeRestored = true;
    result.selectionRestored = true;
    return result;
  }
  const comp = project.itemByID(current.userCompId);
  if (!(comp instanceof CompItem)) {
    result.problems.push('Your composition is no longer in the project.');
    return result;
  }
  comp.openInViewer();
  const now = activeComp(project);
  result.activeRestored = !!now && now.id === comp.id;
  result.selectionRestored = selectedIds(comp) === current.selected;
  if (!result.activeRestored) result.problems.push('Your composition could not be made active again.');
  if (!result.selectionRestored) result.problems.push('Your layer selection changed.');
  return result;
}
