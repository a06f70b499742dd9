import { describe, expect, it } from 'vitest';
import { fieldName, PROJECT_METADATA_NS, withFields } from '../src/host/project-metadata.ts';

const NS = `xmlns:premierePrivateProjectMetaData="${PROJECT_METADATA_NS}"`;
const field = (xmp: string, name: string) =>
  new RegExp(`<premierePrivateProjectMetaData:${name}>([^<]*)</premierePrivateProjectMetaData:${name}>`).exec(
    xmp,
  )?.[1];

describe("the tags in Premiere's project metadata (an XMP packet)", () => {
  it('names the columns as the CEP host does', () => {
    expect(fieldName('requestId')).toBe('ReanimateRequestId');
    expect(fieldName('source clip')).toBe('ReanimateSourceclip');
  });

  it('writes the fields into an empty item, inside the namespace Premiere reads', () => {
    const xmp = withFields('', { ReanimateRequestId: 'req-1', ReanimateEmotion: 'happy' });
    expect(xmp).toContain(`<rdf:Description rdf:about="" ${NS}>`);
    expect([field(xmp, 'ReanimateRequestId'), field(xmp, 'ReanimateEmotion')]).toEqual(['req-1', 'happy']);
    expect(xmp.indexOf('ReanimateRequestId')).toBeLessThan(xmp.indexOf('</rdf:Description>'));
  });

  it("replaces a field already there, keeps Premiere's own, and escapes values", () => {
    const packet = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" ${NS}><premierePrivateProjectMetaData:Column.Intrinsic.Name>Interview</premierePrivateProjectMetaData:Column.Intrinsic.Name><premierePrivateProjectMetaData:ReanimateRequestId>old</premierePrivateProjectMetaData:ReanimateRequestId></rdf:Description></rdf:RDF></x:xmpmeta>`;
    const xmp = withFields(packet, { ReanimateRequestId: 'new', ReanimateSource: 'A & B <take 2>' });
    expect(field(xmp, 'Column.Intrinsic.Name')).toBe('Interview');
    expect(field(xmp, 'ReanimateRequestId')).toBe('new');
    expect(xmp.match(/ReanimateRequestId>/g)).toHaveLength(2); // one element: its open and close tags
    expect(field(xmp, 'ReanimateSource')).toBe('A &amp; B &lt;take 2&gt;');
  });

  it('opens a self-closed Description to put fields in it', () => {
    const packet = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" ${NS}/></rdf:RDF></x:xmpmeta>`;
    const xmp = withFields(packet, { ReanimateEmotion: 'calm' });
    expect(field(xmp, 'ReanimateEmotion')).toBe('calm');
    expect(xmp.match(/<rdf:Description/g)).toHaveLength(1);
  });
});
