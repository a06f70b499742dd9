// @reanimate/panel-ui/host-bridge also declares the panel-side HostBridge, which mentions Promise and AbortSignal. The
// ES3 typings have neither; these empty shapes let the jsx programs read bridge.ts. jsx never uses them.
interface Promise<T> {
  readonly __promiseOf?: T;
}
interface AbortSignal {
  readonly aborted: boolean;
}
