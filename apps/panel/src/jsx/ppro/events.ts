import { HOST_EVENTS } from '@reanimate/panel-ui/host-bridge';
import { PANEL_ID } from '../../cep-ids';
import { dispatchEvent } from '../shared/events';
import { readProjectInfo } from './project';
import { readSelection } from './selection';

/**
 * Relays Premiere's notifications to the panel: selection changes as HOST_EVENTS.selectionChanged (data:
 * SelectionState), another project or sequence as HOST_EVENTS.projectChanged (data: ProjectInfo), the events
 * Adobe's PProPanel sample binds. And asks Premiere to keep the panel loaded while hidden: it may otherwise unload
 * it mid-job (PPP, PG application.md `setExtensionPersistent`).
 */
export function listenForSelection(): void {
  const relaySelection = () => {
    try {
      dispatchEvent(HOST_EVENTS.selectionChanged, readSelection());
    } catch (_error) {
      // Never let a notification handler raise inside Premiere's event loop.
    }
  };
  const relayProject = () => {
    try {
      dispatchEvent(HOST_EVENTS.projectChanged, readProjectInfo());
    } catch (_error) {}
  };
  app.bind('onActiveSequenceSelectionChanged', relaySelection);
  app.bind('onActiveSequenceChanged', () => {
    relayProject();
    relaySelection();
  });
  app.bind('onProjectChanged', relayProject);
  try {
    if (typeof app.setExtensionPersistent === 'function') {
      app.setExtensionPersistent(PANEL_ID, 1);
    }
  } catch (_error) {}
}
