/**
 * A typed sliver of Adobe's CSInterface over `window.__adobe_cep__`, enough for this panel: evalScript, events,
 * the host environment (skin colours) and system paths. Adobe's CSInterface.js is not vendored.
 */
export interface CepEvent {
  type: string;
  data: unknown;
}

interface AdobeCep {
  evalScript(script: string, callback: (result: string) => void): void;
  addEventListener(type: string, listener: (event: CepEvent) => void): void;
  removeEventListener(type: string, listener: (event: CepEvent) => void): void;
  getHostEnvironment(): string;
  getSystemPath(kind: string): string;
}

export interface SkinColor {
  color: { red: number; green: number; blue: number; alpha: number };
}

export interface HostEnvironment {
  appName: string;
  appVersion: string;
  appSkinInfo: { panelBackgroundColor: SkinColor; baseFontSize?: number };
}

declare global {
  interface Window {
    __adobe_cep__?: AdobeCep;
    cep?: unknown;
    cep_node?: { require: (name: string) => unknown };
  }
}

export const EVAL_SCRIPT_ERROR = 'EvalScript error.';
export const THEME_CHANGED_EVENT = 'com.adobe.csxs.events.ThemeColorChanged';

export function isCep(win: Window = window): boolean {
  return win.__adobe_cep__ !== undefined;
}

export class CSInterface {
  constructor(private readonly cep: AdobeCep) {}

  static fromWindow(win: Window = window): CSInterface {
    if (!win.__adobe_cep__) throw new Error('Not running inside a CEP host.');
    return new CSInterface(win.__adobe_cep__);
  }

  evalScript(script: string): Promise<string> {
    return new Promise((resolve) => this.cep.evalScript(script, resolve));
  }

  addEventListener(type: string, listener: (event: CepEvent) => void): () => void {
    this.cep.addEventListener(type, listener);
    return () => this.cep.removeEventListener(type, listener);
  }

  getHostEnvironment(): HostEnvironment {
    return JSON.parse(this.cep.getHostEnvironment()) as HostEnvironment;
  }

  /** `userData`, `extension`, `myDocuments`…; CEP returns them as file:// URLs on some hosts. */
  getSystemPath(kind: 'userData' | 'extension' | 'myDocuments'): string {
    return decodeURIComponent(this.cep.getSystemPath(kind).replace(/^file:\/{2,3}/, '/')).replace(
      /^\/([A-Za-z]:)/,
      '$1',
    );
  }
}
