import type { ProjectInfo } from '@reanimate/panel-ui/host-bridge';
import { activeComp } from './common';

export function readProjectInfo(): ProjectInfo {
  const project = app.project;
  const hostVersion = String(app.version);
  if (!project) {
    return { app: 'aeft', hostVersion: hostVersion, open: false, name: null, path: null, fps: null };
  }
  const file = project.file;
  const comp = activeComp(project);
  return {
    app: 'aeft',
    hostVersion: hostVersion,
    open: true,
    name: file ? decodeURI(String(file.name)) : null,
    path: file ? String(file.fsName) : null,
    fps: comp ? comp.frameRate : null,
  };
}
