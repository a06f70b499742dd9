/** Path helpers for paths as the host reports them (fsName): POSIX on macOS, drive letters on Windows. */

export function isAbsolutePath(path: string): boolean {
  return /^\//.test(path) || /^[A-Za-z]:[\\/]/.test(path) || /^\\\\/.test(path);
}

function isWindowsPath(path: string): boolean {
  return /^[A-Za-z]:/.test(path) || path.indexOf('\\') >= 0;
}

/** A comparable form: forward slashes, and lower case for Windows paths (its file system ignores case). */
export function normalizePath(path: string): string {
  const forward = path.replace(/\\/g, '/');
  return isWindowsPath(path) ? forward.toLowerCase() : forward;
}

export function samePath(a: string, b: string): boolean {
  return normalizePath(a) === normalizePath(b);
}

export function fileNameOf(path: string): string {
  const forward = path.replace(/\\/g, '/');
  return forward.substring(forward.lastIndexOf('/') + 1);
}

export function parentOf(path: string): string {
  const forward = path.replace(/\\/g, '/');
  const cut = forward.lastIndexOf('/');
  return cut <= 0 ? path.substring(0, 1) : path.substring(0, cut);
}

export function joinPath(folder: string, name: string): string {
  const separator = folder.indexOf('\\') >= 0 && folder.indexOf('/') < 0 ? '\\' : '/';
  const last = folder.charAt(folder.length - 1);
  return last === '/' || last === '\\' ? folder + name : folder + separator + name;
}
