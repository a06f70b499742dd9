/** The temporary sequence createSubsequence makes for one export. */

/**
 * Removes the temporary sequence. deleteSequence should take its project item along; if one is left over
 * (seen as a GUESS on some versions) it is moved into a scratch bin that is then deleted, because the
 * scripting API has no call to delete a non-bin item.
 */
export function removeTemporary(project: Project, temporary: Sequence): void {
  const item = temporary.projectItem;
  const nodeId = item ? item.nodeId : null;
  project.deleteSequence(temporary);
  if (nodeId === null) {
    return;
  }
  const root = project.rootItem;
  for (let i = 0; i < root.children.numItems; i++) {
    const leftover = root.children[i];
    if (leftover && leftover.nodeId === nodeId) {
      const scratch = root.createBin('Reanimate temporary');
      if (scratch) {
        leftover.moveBin(scratch);
        scratch.deleteBin();
      }
      return;
    }
  }
}
