/**
 * After Effects has no selection-change notification for scripts (unlike Premiere's app.bind), so there is
 * nothing to subscribe to: the panel polls getSelection while it is visible.
 */
export function listenForSelection(): void {}
