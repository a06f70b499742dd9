import { createNodePlatform, type NodeModules } from '@reanimate/core';
import type { Platform } from '@reanimate/panel-ui';
import type { CSInterface } from '../bridge/csinterface.ts';
import { createFileStore } from './file-store.ts';

interface NodeChildProcess {
  execFile(file: string, args: string[]): unknown;
}
type NodeRequire = (name: string) => unknown;

/**
 * Node's modules as CEP's mixed context hands them over. Core takes them as they are: the panel runs core's own
 * transport, downloads, file uploads and file journal, with no copy of its own.
 */
export function cepNodeModules(nodeRequire: NodeRequire): NodeModules {
  return {
    fs: (nodeRequire('fs') as { promises: NodeModules['fs'] }).promises,
    path: nodeRequire('path') as NodeModules['path'],
    os: nodeRequire('os') as NodeModules['os'],
    crypto: nodeRequire('crypto') as NodeModules['crypto'],
    http: nodeRequire('http') as NodeModules['http'],
    https: nodeRequire('https') as NodeModules['https'],
    process: nodeRequire('process') as NodeModules['process'],
  };
}

/** The panel inside Premiere / After Effects. */
export function createCepPlatform(csi: CSInterface, nodeRequire: NodeRequire): Platform {
  const node = cepNodeModules(nodeRequire);
  const os = nodeRequire('os') as { tmpdir(): string; platform(): string };
  const child = nodeRequire('child_process') as NodeChildProcess;
  const root = node.path.join(csi.getSystemPath('userData'), 'Reanimate');
  const tempDir = node.path.join(os.tmpdir(), 'reanimate');
  return {
    kind: 'cep',
    // A file journal with cross-process claims: two panels (Premiere and After Effects) never submit one job twice.
    core: createNodePlatform(node, { name: 'cep', journalDir: node.path.join(root, 'jobs'), tempDir }),
    store: createFileStore(node, node.path.join(root, 'panel')),
    secrets: createFileStore(node, node.path.join(root, 'secrets')),
    async readFile() {
      throw new Error('unreachable: in CEP, exports are handed to core by path');
    },
    readBytes: async (path) => new Uint8Array(await node.fs.readFile(path)),
    writeBytes: (path, bytes) => node.fs.writeFile(path, bytes),
    makeFolder: async (path) => {
      await node.fs.mkdir(path, { recursive: true });
    },
    async pickAudioFile() {
      const cep = (
        window as unknown as { cep?: { fs?: { showOpenDialogEx?: (...a: unknown[]) => { data: string[] } } } }
      ).cep;
      const picked = cep?.fs?.showOpenDialogEx?.(false, false, 'Choose a dub', '', [
        'wav',
        'mp3',
        'm4a',
        'aac',
      ]);
      const path = picked?.data?.[0];
      return path ? { path, name: path.split(/[\\/]/).pop() ?? path } : undefined;
    },
    async reveal(path) {
      if (os.platform() === 'win32') child.execFile('explorer.exe', ['/select,', path.replace(/\//g, '\\')]);
      else child.execFile('open', ['-R', path]);
    },
    tempDir: () => tempDir,
    bundled: (relative) => node.path.join(csi.getSystemPath('extension'), ...relative.split('/')),
  };
}
