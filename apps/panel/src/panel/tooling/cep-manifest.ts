// Node only (build time): the CEP extension's CSXS/manifest.xml and .debug. Our own instead of vite-cep-plugin,
// whose build symlinks dist into the user's CEP extensions folder and copies node_modules: neither may run in CI.
import { EXTENSION_ID, PANEL_ID } from '../../cep-ids.ts';

export interface CepManifestOptions {
  version: string;
  displayName: string;
  /** Relative to the extension root. */
  mainPath: string;
  /** Remote DevTools ports, one per host, for `.debug`. */
  debugPorts: { PPRO: number; AEFT: number };
}

/**
 * `--allow-file-access-from-files` (listed among CEP's CEF parameters in the CEP Cookbook, and Chromium's own
 * switch) lets the panel, itself loaded from file://, read pixels of a clip's media played from file://: without
 * it every file is its own origin, the face check's canvas is tainted and reading its frames throws.
 */
export const CEF_PARAMETERS = [
  '--v=0',
  '--enable-nodejs',
  '--mixed-context',
  '--allow-file-access-from-files',
];
const HOSTS = [
  { name: 'PPRO', version: '[23.0,99.9]' },
  { name: 'AEFT', version: '[23.0,99.9]' },
] as const;

const escapeXml = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** No default xmlns: ExtensionManifest_v_6_0.xsd declares no target namespace, and Adobe's samples use none. */
export function manifestXml(options: CepManifestOptions): string {
  const hosts = HOSTS.map((host) => `      <Host Name="${host.name}" Version="${host.version}" />`).join(
    '\n',
  );
  const params = CEF_PARAMETERS.map((p) => `          <Parameter>${p}</Parameter>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<ExtensionManifest Version="6.0" ExtensionBundleId="${EXTENSION_ID}" ExtensionBundleVersion="${escapeXml(options.version)}" ExtensionBundleName="${escapeXml(options.displayName)}">
  <ExtensionList>
    <Extension Id="${PANEL_ID}" Version="${escapeXml(options.version)}" />
  </ExtensionList>
  <ExecutionEnvironment>
    <HostList>
${hosts}
    </HostList>
    <LocaleList>
      <Locale Code="All" />
    </LocaleList>
    <RequiredRuntimeList>
      <RequiredRuntime Name="CSXS" Version="11.0" />
    </RequiredRuntimeList>
  </ExecutionEnvironment>
  <DispatchInfoList>
    <Extension Id="${PANEL_ID}">
      <DispatchInfo>
        <Resources>
          <MainPath>${escapeXml(options.mainPath)}</MainPath>
          <CEFCommandLine>
${params}
          </CEFCommandLine>
        </Resources>
        <Lifecycle>
          <AutoVisible>true</AutoVisible>
        </Lifecycle>
        <UI>
          <Type>Panel</Type>
          <Menu>${escapeXml(options.displayName)}</Menu>
          <!-- ExtensionManifest_v_6_0.xsd: Size, MaxSize, MinSize, in this order. -->
          <Geometry>
            <Size><Height>600</Height><Width>360</Width></Size>
            <MaxSize><Height>2000</Height><Width>800</Width></MaxSize>
            <MinSize><Height>300</Height><Width>280</Width></MinSize>
          </Geometry>
        </UI>
      </DispatchInfo>
    </Extension>
  </DispatchInfoList>
</ExtensionManifest>
`;
}

export function debugXml(options: CepManifestOptions): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<ExtensionList>
  <Extension Id="${PANEL_ID}">
    <HostList>
      <Host Name="PPRO" Port="${options.debugPorts.PPRO}" />
      <Host Name="AEFT" Port="${options.debugPorts.AEFT}" />
    </HostList>
  </Extension>
</ExtensionList>
`;
}
