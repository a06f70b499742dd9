import { HOST_EVENTS } from '../../shared/bridge';
import { dispatchEvent } from '../shared/events';
import { readSelection } from './selection';

/** Relays Premiere's selection notifications to the panel as HOST_EVENTS.selectionChanged (data: SelectionState). */
export function listenForSelection(): void {
  const relay = () => {
    try {
      dispatchEvent(HOST_EVENTS.selectionChanged, readSelection());
    } catch (_error) {
      // Never let a notification handler raise inside Premiere's event loop.
    }
  };
  app.bind('onActiveSequenceSelectionChanged', relay);
  app.bind('onActiveSequenceChanged', relay);
}
