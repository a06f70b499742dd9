import type { HostImpl } from '../shared/host';
import { listAudioItems } from './audio-items';
import { listenForSelection } from './events';
import { exportSelection } from './export';
import { importResult } from './import';
import { placeResult } from './place';
import { readProjectInfo } from './project';
import { readSelection } from './selection';
import { selfTestCleanup, selfTestSetup } from './self-test';

export const aeftHost: HostImpl = {
  app: 'aeft',
  projectInfo: readProjectInfo,
  getSelection: readSelection,
  exportSelection: exportSelection,
  importResult: importResult,
  placeResult: placeResult,
  listAudioItems: listAudioItems,
  selfTestSetup: selfTestSetup,
  selfTestCleanup: selfTestCleanup,
  listen: listenForSelection,
};
