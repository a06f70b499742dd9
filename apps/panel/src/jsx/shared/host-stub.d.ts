// Type-only stand-in for the host a tsconfig does not load (Premiere and After Effects typings conflict).
// The build maps '#ppro-host' / '#aeft-host' to the real modules; see scripts/build-jsx.mjs.
import type { HostImpl } from './host';

export declare const pproHost: HostImpl;
export declare const aeftHost: HostImpl;
