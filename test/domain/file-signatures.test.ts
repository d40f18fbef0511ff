/**
 * check-upload reads a landed file's leading bytes with sniffContentType (four signatures, small
 * enough for its bundle). file-type, the maintained detector, is the reference: on the same bytes
 * both name the same type whenever it is one an upload may declare, and ours names nothing else.
 */
import { fileTypeFromBuffer } from 'file-type';
import { expect, it } from 'vitest';
import { SNIFF_BYTES, sniffContentType } from '#domain/attachments';
import { ONE_PIXEL_PNG } from '../support/fixtures.ts';

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1'), Buffer.from([0xff, 0xd9])]);
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x1a, 0, 0, 0]), Buffer.from('WEBPVP8L'), Buffer.from([0x0d, 0, 0, 0, 0x2f, 0, 0, 0, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xfe, 0x07, 0])]);
const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
const GIF = Buffer.from('GIF89a\x01\0\x01\0\x80\0\0\0\0\0\xff\xff\xff!\xf9\x04\x01\0\0\0\0,\0\0\0\0\x01\0\x01\0\0\x02\x02D\x01\0;', 'latin1');
const ZIP = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(26), Buffer.from('a.txt')]);
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>');
const TEXT = Buffer.from('just some text, not an image');
const HTML_AS_PNG = Buffer.from('<!doctype html><script>alert(1)</script>');

const DECLARABLE = new Set(['image/jpeg', 'image/png', 'image/webp', 'application/pdf']);

it.each([
  ['png', ONE_PIXEL_PNG, 'image/png'],
  ['jpeg', JPEG, 'image/jpeg'],
  ['webp', WEBP, 'image/webp'],
  ['pdf', PDF, 'application/pdf'],
  ['gif', GIF, undefined],
  ['zip', ZIP, undefined],
  ['svg', SVG, undefined],
  ['text', TEXT, undefined],
  ['html', HTML_AS_PNG, undefined],
  ['nothing', Buffer.alloc(0), undefined],
])('%s: names what file-type names, among the declarable types', async (_name, bytes, expected) => {
  const reference = (await fileTypeFromBuffer(bytes))?.mime;
  const ours = sniffContentType(bytes.subarray(0, SNIFF_BYTES));
  expect(ours).toBe(expected);
  expect(ours).toBe(reference !== undefined && DECLARABLE.has(reference) ? reference : undefined);
});

it('does not take a signature found later in the file', () => {
  expect(sniffContentType(Buffer.concat([Buffer.from('xx'), ONE_PIXEL_PNG]))).toBeUndefined();
  expect(sniffContentType(Buffer.from('RIFF\0\0\0\0AVI LIST'))).toBeUndefined();
});
