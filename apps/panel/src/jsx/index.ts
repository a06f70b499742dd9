/**
 * Entry of the ExtendScript bundle (dist/cep/jsx/reanimate.jsx). The panel loads it with $.evalFile and then
 * calls, through CSInterface.evalScript, source text such as
 *
 *     $.reanimate.exportSelection({"clipId":"000f4241","videoPath":"/Users/me/out.mp4","audioPath":null})
 *
 * i.e. the request is a JSON object literal embedded in the script, which ExtendScript evaluates as a plain
 * object: no JSON.parse is needed (ExtendScript has none). Every entry returns a JSON string of
 * HostResult<T> (see @reanimate/panel-ui/host-bridge) and never throws across the bridge.
 */

import type { HostScripts } from '@reanimate/panel-ui/host-bridge';
import { HOST_NAMESPACE } from '@reanimate/panel-ui/host-bridge';
import { aeftHost } from '#aeft-host';
import { pproHost } from '#ppro-host';
import type { HostImpl } from './shared/host';
import { hostError, runEntry } from './shared/result';
import { validateExport, validateImport, validatePlace, validateSelfTest } from './shared/validate';

type WireScripts = { [K in keyof HostScripts]: (request?: unknown) => string };
type Loose = { [key: string]: unknown };

function property(target: unknown, key: string): unknown {
  return typeof target === 'object' && target !== null ? (target as Loose)[key] : undefined;
}

/** Which host we run in. BridgeTalk.appName is the documented way, but some AE 24–25 builds broke it. */
function detectHost(): HostImpl | null {
  let appName = '';
  try {
    appName = typeof BridgeTalk !== 'undefined' ? String(property(BridgeTalk, 'appName')) : '';
  } catch (_error) {
    appName = '';
  }
  if (appName === 'premierepro') {
    return pproHost;
  }
  if (appName === 'aftereffects') {
    return aeftHost;
  }
  const application: unknown = typeof app !== 'undefined' ? app : undefined;
  // Fallbacks by shape: only Premiere's app has an encoder, only After Effects' has undo groups.
  if (
    property(application, 'encoder') !== undefined &&
    property(application, 'beginUndoGroup') === undefined
  ) {
    return pproHost;
  }
  if (typeof property(application, 'beginUndoGroup') === 'function') {
    return aeftHost;
  }
  return null;
}

function createEntries(host: HostImpl | null): WireScripts {
  function need(): HostImpl {
    if (host === null) {
      throw hostError('internal', 'Reanimate runs in Premiere Pro and After Effects only');
    }
    return host;
  }
  return {
    projectInfo: () => runEntry(() => need().projectInfo()),
    getSelection: () => runEntry(() => need().getSelection()),
    exportSelection: (request?: unknown) => runEntry(() => need().exportSelection(validateExport(request))),
    importResult: (request?: unknown) => runEntry(() => need().importResult(validateImport(request))),
    placeResult: (request?: unknown) => runEntry(() => need().placeResult(validatePlace(request))),
    listAudioItems: () => runEntry(() => need().listAudioItems()),
    selfTestSetup: (request?: unknown) => runEntry(() => need().selfTestSetup(validateSelfTest(request))),
    selfTestCleanup: () => runEntry(() => need().selfTestCleanup()),
  };
}

const detected = detectHost();
($ as unknown as Loose)[HOST_NAMESPACE] = createEntries(detected);
if (detected !== null) {
  try {
    detected.listen();
  } catch (_error) {
    // Selection events are a convenience; the panel also polls getSelection.
  }
}
