import type { ProjectInfo } from '@reanimate/panel-ui/host-bridge';
import { fpsFromFrameTicks } from '@reanimate/panel-ui/host-rules';
import { frameTicksOf } from './common';

export function readProjectInfo(): ProjectInfo {
  const project = app.project;
  const open = typeof app.isDocumentOpen === 'function' ? app.isDocumentOpen() : true;
  const hostVersion = String(app.version);
  if (!project || !open || !project.rootItem) {
    return { app: 'ppro', hostVersion: hostVersion, open: false, name: null, path: null, fps: null };
  }
  const sequence = project.activeSequence;
  return {
    app: 'ppro',
    hostVersion: hostVersion,
    open: true,
    name: project.name ? String(project.name) : null,
    path: project.path ? String(project.path) : null,
    fps: sequence ? fpsFromFrameTicks(frameTicksOf(sequence)) : null,
  };
}
