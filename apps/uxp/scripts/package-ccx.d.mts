/** Zips the built plugin into a .ccx (manifest.json at its root). */
export function packageCcx(dist?: string, out?: string): { ccx: string; files: number };
