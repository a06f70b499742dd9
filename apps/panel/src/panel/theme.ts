import type { CSInterface, HostEnvironment } from './bridge/csinterface.ts';
import { THEME_CHANGED_EVENT } from './bridge/csinterface.ts';

export type ThemeMode = 'light' | 'dark';

/** The host's panel colour decides light or dark; the rest of the palette follows from CSS variables. */
export function themeFromHost(env: HostEnvironment): { mode: ThemeMode; background: string } {
  const { red, green, blue } = env.appSkinInfo.panelBackgroundColor.color;
  const luminance = (0.2126 * red + 0.7152 * green + 0.0722 * blue) / 255;
  const hex = (n: number) => Math.round(n).toString(16).padStart(2, '0');
  return { mode: luminance > 0.5 ? 'light' : 'dark', background: `#${hex(red)}${hex(green)}${hex(blue)}` };
}

export function applyTheme(root: HTMLElement, mode: ThemeMode, background?: string): void {
  root.dataset.theme = mode;
  if (background) root.style.setProperty('--bg', background);
  else root.style.removeProperty('--bg');
}

export function followHostTheme(csi: CSInterface, root: HTMLElement): () => void {
  const update = () => {
    const theme = themeFromHost(csi.getHostEnvironment());
    applyTheme(root, theme.mode, theme.background);
  };
  update();
  return csi.addEventListener(THEME_CHANGED_EVENT, update);
}

/** The browser harness: `?theme=light|dark`, else the system preference. */
export function browserTheme(search: string, prefersDark: boolean): ThemeMode {
  const param = new URLSearchParams(search).get('theme');
  if (param === 'light' || param === 'dark') return param;
  return prefersDark ? 'dark' : 'light';
}
