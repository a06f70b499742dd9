import { stringify } from './json';

let plugPlugLoaded = false;

/**
 * Sends a CSXSEvent to the panel. Best effort: a panel that misses an event re-reads the state, whereas an
 * exception here would abort the host operation that wanted to report progress.
 */
export function dispatchEvent(type: string, payload: unknown): boolean {
  try {
    if (!plugPlugLoaded) {
      // CSXSEvent only exists once the PlugPlug library is loaded into the engine.
      new ExternalObject('lib:PlugPlugExternalObject');
      plugPlugLoaded = true;
    }
    const event = new CSXSEvent();
    event.type = type;
    event.data = stringify(payload);
    event.dispatch();
    return true;
  } catch (_error) {
    return false;
  }
}
