/**
 * Whether bytes start like an ISO base media file (MP4/MOV): the first box's type, at offset 4, is `ftyp`, or
 * one of the boxes QuickTime files may open with. Catches an HTML error page or JSON served with a 200.
 */
const FIRST_BOX_TYPES = new Set(['ftyp', 'moov', 'mdat', 'free', 'wide', 'skip', 'pnot']);

export const SIGNATURE_BYTES = 8;

export function looksLikeMp4(head: Uint8Array): boolean {
  if (head.length < SIGNATURE_BYTES) return false;
  const type = String.fromCharCode(head[4] ?? 0, head[5] ?? 0, head[6] ?? 0, head[7] ?? 0);
  if (!FIRST_BOX_TYPES.has(type)) return false;
  const size =
    (((head[0] ?? 0) << 24) | ((head[1] ?? 0) << 16) | ((head[2] ?? 0) << 8) | (head[3] ?? 0)) >>> 0;
  // 0 = box runs to the end of file, 1 = 64-bit size follows; otherwise it must at least hold its header.
  return size === 0 || size === 1 || size >= 8;
}
