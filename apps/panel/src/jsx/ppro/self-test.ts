import type { SelfTestCleanup, SelfTestSetup, SelfTestSetupRequest } from '@reanimate/panel-ui/host-bridge';
import { fpsFromFrameTicks } from '@reanimate/panel-ui/host-rules';
import { samePath } from '../shared/paths';
import { hostError } from '../shared/result';
import { frameTicksOf, requireProject } from './common';

/**
 * "Check this host": a scratch copy on which the panel then tries every host operation (export, import, place)
 * through the ordinary entry points. Setup makes a temporary bin with the bundled sample and a sequence of it, and
 * opens that sequence; cleanup deletes both and reopens the user's sequence, then says whether its in/out,
 * selection and active state are as before. The state lives in this engine between the two calls.
 */

interface UserState {
  sequenceId: string | null;
  inTicks: string;
  outTicks: string;
  selected: string[];
}

interface Session {
  bin: ProjectItem;
  binName: string;
  sequence: Sequence;
  user: UserState;
}

let session: Session | null = null;

function selectedIds(sequence: Sequence): string[] {
  const ids: string[] = [];
  const selection = sequence.getSelection();
  if (selection) {
    for (let i = 0; i < selection.length; i++) {
      if (selection[i]) {
        ids.push(String(selection[i].nodeId));
      }
    }
  }
  return ids.sort();
}

function saveUser(project: Project): UserState {
  const sequence = project.activeSequence;
  if (!sequence) {
    return { sequenceId: null, inTicks: '', outTicks: '', selected: [] };
  }
  return {
    sequenceId: String(sequence.sequenceID),
    inTicks: String(sequence.getInPointAsTime().ticks),
    outTicks: String(sequence.getOutPointAsTime().ticks),
    selected: selectedIds(sequence),
  };
}

function findSequence(project: Project, id: string): Sequence | null {
  for (let i = 0; i < project.sequences.numSequences; i++) {
    const sequence = project.sequences[i];
    if (sequence && String(sequence.sequenceID) === id) {
      return sequence;
    }
  }
  return null;
}

function itemWithPath(bin: ProjectItem, path: string): ProjectItem | null {
  for (let i = 0; i < bin.children.numItems; i++) {
    const child = bin.children[i];
    if (child?.getMediaPath && samePath(String(child.getMediaPath()), path)) {
      return child;
    }
  }
  return null;
}

function stamp(): string {
  const now = new Date();
  const two = (n: number) => (n < 10 ? `0${n}` : String(n));
  return `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())} ${two(now.getHours())}.${two(
    now.getMinutes(),
  )}.${two(now.getSeconds())}`;
}

export function selfTestSetup(request: SelfTestSetupRequest): SelfTestSetup {
  const project = requireProject();
  if (session !== null) {
    // A run that never reached its cleanup (the panel was closed): tidy up before starting again.
    selfTestCleanup();
  }
  if (!new File(request.samplePath).exists) {
    throw hostError(
      'bad_request',
      `The self-test sample is missing: ${request.samplePath} (reinstall the extension)`,
    );
  }
  const user = saveUser(project);
  const binName = `Reanimate self-test ${stamp()}`;
  const bin = project.rootItem.createBin(binName);
  if (!bin) {
    throw hostError('internal', 'Premiere could not create the self-test bin');
  }
  project.importFiles([request.samplePath], true, bin, false);
  const item = itemWithPath(bin, request.samplePath);
  if (!item) {
    bin.deleteBin();
    throw hostError('import_failed', 'Premiere did not import the self-test sample');
  }
  const sequence = project.createNewSequenceFromClips(binName, [item], bin);
  if (!sequence) {
    bin.deleteBin();
    throw hostError('internal', 'Premiere could not make a sequence of the self-test sample');
  }
  session = { bin: bin, binName: binName, sequence: sequence, user: user };
  // Whether the new sequence opens by itself is not documented: open it, so the entry points work on it.
  project.openSequence(sequence.sequenceID);
  const clips = sequence.videoTracks[0] ? sequence.videoTracks[0].clips : null;
  const clip = clips && clips.numItems > 0 ? clips[0] : null;
  if (!clip) {
    selfTestCleanup();
    throw hostError('internal', 'The self-test sequence has no clip on V1');
  }
  return {
    clipId: String(clip.nodeId),
    binName: binName,
    containerName: binName,
    fps: fpsFromFrameTicks(frameTicksOf(sequence)),
  };
}

export function selfTestCleanup(): SelfTestCleanup {
  const project = requireProject();
  const result: SelfTestCleanup = {
    removed: [],
    activeRestored: false,
    marksRestored: false,
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
    project.deleteSequence(current.sequence);
    result.removed.push(`sequence "${current.binName}"`);
  } catch (error) {
    result.problems.push(`The self-test sequence could not be deleted: ${String(error)}`);
  }
  try {
    current.bin.deleteBin();
    result.removed.push(`bin "${current.binName}" with the sample and the test's imports`);
  } catch (error) {
    result.problems.push(`The self-test bin could not be deleted: ${String(error)}`);
  }
  const user = current.user;
  if (user.sequenceId === null) {
    result.activeRestored = true;
    result.marksRestored = true;
    result.selectionRestored = true;
    return result;
  }
  const sequence = findSequence(project, user.sequenceId);
  if (!sequence) {
    result.problems.push('Your sequence is no longer in the project.');
    return result;
  }
  const active = project.activeSequence;
  if (!active || String(active.sequenceID) !== user.sequenceId) {
    project.openSequence(sequence.sequenceID);
  }
  const now = project.activeSequence;
  result.activeRestored = !!now && String(now.sequenceID) === user.sequenceId;
  // As strings: unset marks (-400000 s) are beyond what parseTicks takes.
  result.marksRestored =
    String(sequence.getInPointAsTime().ticks) === user.inTicks &&
    String(sequence.getOutPointAsTime().ticks) === user.outTicks;
  result.selectionRestored = selectedIds(sequence).join(',') === user.selected.join(',');
  if (!result.activeRestored) result.problems.push('Your sequence could not be made active again.');
  if (!result.marksRestored) result.problems.push('Your sequence\u2019s in/out points changed.');
  if (!result.selectionRestored) result.problems.push('Your selection changed.');
  return result;
}
