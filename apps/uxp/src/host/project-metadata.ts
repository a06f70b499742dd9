/**
 * Premiere's private project metadata is an XMP packet (a string through UXP's `Metadata.getProjectMetadata`).
 * UXP has no XMP library, so the tag fields are written into the packet's Description for the
 * premierePrivateProjectMetaData namespace (added when missing), values XML-escaped; the same fields and namespace as
 * the CEP host (`src/jsx/ppro/import.ts`), so a result tagged in either plugin shows the same columns.
 */
export const PROJECT_METADATA_NS = 'http://ns.adobe.com/premierePrivateProjectMetaData/1.0/';
const PREFIX = 'premierePrivateProjectMetaData';

/** "requestId" → "ReanimateRequestId": the column names the CEP host writes. */
export function fieldName(key: string): string {
  return `Reanimate${key.charAt(0).toUpperCase()}${key.slice(1).replace(/[^A-Za-z0-9]/g, '')}`;
}

const escapeXml = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const EMPTY_PACKET = `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;

/** The packet with `fields` set (replaced where present), and nothing else changed. */
export function withFields(packet: string, fields: Record<string, string>): string {
  let xmp = packet.trim() === '' ? EMPTY_PACKET : packet;
  const description = new RegExp(`<rdf:Description\\b[^>]*xmlns:${PREFIX}="[^"]*"[^>]*?(/?)>`);
  let match = description.exec(xmp);
  if (!match) {
    const opened = `<rdf:Description rdf:about="" xmlns:${PREFIX}="${PROJECT_METADATA_NS}"></rdf:Description>`;
    xmp = xmp.replace('</rdf:RDF>', `${opened}</rdf:RDF>`);
    match = description.exec(xmp) as RegExpExecArray;
  }
  if (match[1] === '/') {
    // A self-closed Description: open it so fields can go inside.
    const open = match[0].replace(/\s*\/>$/, '>');
    xmp = xmp.replace(match[0], `${open}</rdf:Description>`);
    match = description.exec(xmp) as RegExpExecArray;
  }
  const start = match.index + match[0].length;
  const end = xmp.indexOf('</rdf:Description>', start);
  let body = xmp.slice(start, end);
  for (const [key, value] of Object.entries(fields)) {
    const element = `${PREFIX}:${key}`;
    const written = `<${element}>${escapeXml(value)}</${element}>`;
    const existing = new RegExp(`<${element}>[\\s\\S]*?</${element}>|<${element}\\s*/>`);
    body = existing.test(body) ? body.replace(existing, written) : `${body}${written}`;
  }
  return `${xmp.slice(0, start)}${body}${xmp.slice(end)}`;
}
