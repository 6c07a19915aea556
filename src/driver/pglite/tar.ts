/**
 * A reader for the tarballs PGlite ships its contrib extensions in (plain ustar, once gunzipped).
 * Parsing them once per process and writing the files straight into each new instance's file
 * system is what makes an open cheap; PGlite's own loader unpacks every bundle on every open.
 */

/** TarEntry is one directory or regular file; from a tarball, `data` is a view into the tarball's bytes. */
export interface TarEntry {
  readonly path: string;
  readonly kind: 'dir' | 'file';
  readonly data: Uint8Array;
}

const BLOCK = 512;

/** TarFormatError: a tarball this reader does not understand (a format PGlite does not ship). */
export class TarFormatError extends Error {
  constructor(message: string) {
    super(`unexpected tarball: ${message}`);
    this.name = 'TarFormatError';
  }
}

function text(block: Uint8Array, offset: number, length: number): string {
  const field = block.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return Buffer.from(field.buffer, field.byteOffset, end < 0 ? length : end).toString('utf8');
}

function octal(block: Uint8Array, offset: number, length: number, what: string): number {
  const digits = text(block, offset, length).trim();
  if (digits === '') return 0;
  if (!/^[0-7]+$/.test(digits)) throw new TarFormatError(`${what} field is not octal`);
  return parseInt(digits, 8);
}

/**
 * readTar lists the entries of an uncompressed ustar tarball in order. Anything but directories and
 * regular files (links, long-name extensions) is refused rather than skipped, so a change in how
 * PGlite packs its bundles shows up as an error instead of a database missing a file.
 */
export function readTar(bytes: Uint8Array): TarEntry[] {
  const entries: TarEntry[] = [];
  let offset = 0;
  while (offset + BLOCK <= bytes.length) {
    const header = bytes.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) break;
    const name = text(header, 0, 100);
    const prefix = text(header, 345, 155);
    const size = octal(header, 124, 12, 'size');
    const type = String.fromCharCode(header[156] ?? 0);
    const path = (prefix ? `${prefix}/${name}` : name).replace(/^\.?\//, '').replace(/\/$/, '');
    const start = offset + BLOCK;
    if (start + size > bytes.length) throw new TarFormatError(`${path} is cut short`);
    if (type === '5') entries.push({ path, kind: 'dir', data: new Uint8Array(0) });
    else if (type === '0' || type === '\0') entries.push({ path, kind: 'file', data: bytes.subarray(start, start + size) });
    else throw new TarFormatError(`${path} has entry type ${JSON.stringify(type)}`);
    offset = start + Math.ceil(size / BLOCK) * BLOCK;
  }
  return entries;
}
