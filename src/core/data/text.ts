// Text files (JSON, CSV) must be UTF-8: a clear message naming the line of the first invalid byte.
import { UserError } from '../errors';

export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // drop a byte-order mark
  } catch {
    const loose = new TextDecoder('utf-8').decode(bytes);
    const bad = loose.indexOf('\uFFFD');
    const line = loose.slice(0, Math.max(0, bad)).split('\n').length;
    throw new UserError(`not UTF-8 text: invalid byte sequence on line ${line} (save the file as UTF-8)`, file);
  }
}

/** A short, printable preview of some bytes for messages: 'PK\x03\x04' style. */
export function bytesPreview(bytes: Uint8Array, count = 8): string {
  let s = '';
  for (const b of bytes.subarray(0, count)) s += b >= 0x20 && b < 0x7f && b !== 0x5c ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`;
  return s === '' ? '(nothing)' : `'${s}'`;
}
