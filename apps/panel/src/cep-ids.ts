// The CEP extension's ids: the manifest's bundle and panel, and what Premiere's setExtensionPersistent is given.
// Only the CEP panel (and its ExtendScript) has them; the UXP plugin has its own id in its manifest.
export const EXTENSION_ID = 'com.reanimate.panel';
/** The panel's own id inside the bundle (the manifest's `<Extension Id>`, `setExtensionPersistent`'s argument). */
export const PANEL_ID = `${EXTENSION_ID}.main`;
