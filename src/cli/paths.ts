// Paths the CLI reads and writes, checked before any work (a 30-second training run must not end in "cannot
// write"): an output file must be a regular file or not exist yet, in a writable directory; an output
// directory must be a writable directory or be creatable under one; nothing goes under /proc or /sys (Node's
// recursive mkdir loops there) or to a device other than /dev/null and the standard streams. Reads never
// hang: devices and pipes are refused, and a file is read in chunks that stop at the size limit, whatever
// its size claims (a /proc file says 0 bytes, a growing file says less than it holds).
import { constants } from 'node:fs';
import { access, open, realpath, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UserError } from '../core/errors';
import { formatMB } from '../core/data/numeric';

const DEVICES_ALLOWED = new Set(['/dev/null', '/dev/stdout', '/dev/stderr']);

function code(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException)?.code;
}

/** The real path of `p`, or of its nearest existing ancestor with the rest appended (symlinks resolved). */
async function realish(p: string): Promise<{ real: string; exists: boolean }> {
  const abs = resolve(p);
  try { return { real: await realpath(abs), exists: true }; } catch { /* not there: resolve the parent */ }
  const parent = dirname(abs);
  if (parent === abs) return { real: abs, exists: false };
  const up = await realish(parent);
  return { real: `${up.real.replace(/\/$/, '')}/${abs.slice(parent.length).replace(/^\//, '')}`, exists: false };
}

function refuseSpecial(path: string, real: string, where: string): void {
  if (/^\/(proc|sys)(\/|$)/.test(real)) throw new UserError(`'${path}' is under /${real.split('/')[1]} (a kernel interface, not a place for files)`, where);
  if (/^\/dev(\/|$)/.test(real) && !DEVICES_ALLOWED.has(real)) throw new UserError(`'${path}' is a device path (only /dev/null, /dev/stdout and /dev/stderr are written to)`, where);
}

async function writableDir(dir: string, where: string): Promise<void> {
  try {
    if (!(await stat(dir)).isDirectory()) throw new UserError(`'${dir}' is not a directory`, where);
    await access(dir, constants.W_OK);
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`cannot write in '${dir}' (${code(e) === 'EACCES' || code(e) === 'EROFS' ? 'permission denied' : code(e) ?? (e as Error).message})`, where);
  }
}

/** An output file (`--out FILE`, `--log FILE`): checked before any work. `-` (standard output) passes. */
export async function checkOutFile(path: string, where: string): Promise<void> {
  if (path === '-') return;
  if (path === '') throw new UserError('expected a file name, found nothing', where);
  const { real, exists } = await realish(path);
  refuseSpecial(path, real, where);
  if (DEVICES_ALLOWED.has(real)) return;
  if (exists) {
    const s = await stat(real);
    if (s.isDirectory()) throw new UserError(`'${path}' is a directory, expected a file name`, where);
    if (!s.isFile()) throw new UserError(`'${path}' is not a regular file (a device, pipe or socket)`, where);
    try { await access(real, constants.W_OK); } catch { throw new UserError(`cannot write '${path}' (permission denied)`, where); }
    return;
  }
  const parent = dirname(real);
  try { await stat(parent); } catch { throw new UserError(`the directory '${dirname(path)}' does not exist`, where); }
  await writableDir(parent, where);
}

/** `--out FILE` and `--log FILE` of a command's parsed flags, when given. */
export async function checkOutputs(values: Record<string, unknown>): Promise<void> {
  for (const flag of ['out', 'log']) if (typeof values[flag] === 'string') await checkOutFile(values[flag] as string, `--${flag}`);
}

/** An output directory (`bench --out DIR`): an existing writable directory, or one mkdir can create. */
export async function checkOutDir(path: string, where: string): Promise<void> {
  if (path === '') throw new UserError('expected a directory name, found nothing', where);
  const { real, exists } = await realish(path);
  refuseSpecial(path, real, where);
  if (exists) {
    if (!(await stat(real)).isDirectory()) throw new UserError(`'${path}' exists and is not a directory`, where);
    return writableDir(real, where);
  }
  // The nearest existing ancestor must be a writable directory (mkdir -p creates the rest).
  let up = dirname(real);
  for (;;) {
    try { await stat(up); break; } catch { const next = dirname(up); if (next === up) break; up = next; }
  }
  return writableDir(up, where);
}

/**
 * Reads a whole input file, at most `maxBytes`: devices and pipes are refused, and reading stops with a
 * message as soon as more than `maxBytes` came in (the size `stat` reports is not trusted).
 */
export async function readBounded(path: string, maxBytes: number, what = 'the file'): Promise<Uint8Array> {
  const fail = (why: string): never => { throw new UserError(why, path); };
  let s;
  try { s = await stat(path); } catch (e) {
    return fail(`cannot read ${what} (${code(e) === 'ENOENT' ? 'no such file or directory' : code(e) === 'EACCES' ? 'permission denied' : code(e) ?? (e as Error).message})`);
  }
  if (s.isDirectory()) fail(`is a directory, expected ${what}`);
  if (!s.isFile()) fail(`is not a regular file (a device, pipe or socket): ${what} must be a file`);
  if (s.size > maxBytes) fail(`${what} is ${formatMB(s.size)} MB, above the ${formatMB(maxBytes)} MB size limit (raise the limit, e.g. --max-mb, if this is intended)`);
  let fh;
  try { fh = await open(path, 'r'); } catch (e) {
    return fail(`cannot read ${what} (${code(e) === 'EACCES' ? 'permission denied' : code(e) ?? (e as Error).message})`);
  }
  try {
    return await collectBounded((async function* () {
      for (let total = 0; ;) {
        const buf = new Uint8Array(Math.min(1 << 20, maxBytes - total + 1));
        const { bytesRead } = await fh.read(buf, 0, buf.length, null);
        if (bytesRead === 0) return;
        total += bytesRead;
        yield buf.subarray(0, bytesRead);
      }
    })(), maxBytes, what, path);
  } finally {
    await fh.close();
  }
}

/** A stream's bytes (standard input), at most `maxBytes`: reading stops with a message as soon as more came in. */
export function readStreamBounded(stream: AsyncIterable<Uint8Array | string>, maxBytes: number, what: string, where: string): Promise<Uint8Array> {
  return collectBounded(stream, maxBytes, what, where);
}

async function collectBounded(chunks: AsyncIterable<Uint8Array | string>, maxBytes: number, what: string, where: string): Promise<Uint8Array> {
  const kept: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of chunks) {
    const c = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
    total += c.length;
    if (total > maxBytes) throw new UserError(`${what} holds more than ${formatMB(maxBytes)} MB, the size limit (raise the limit, e.g. --max-mb, if this is intended)`, where);
    kept.push(c);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of kept) { out.set(c, at); at += c.length; }
  return out;
}

/** Terminal-safe text: control characters (escape sequences, bell, backspace) shown as \xNN, keeping newlines and tabs. */
export function terminalSafe(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** One line for an error message: every control character escaped, newlines included. */
export function oneLine(text: string): string {
  return terminalSafe(text).replace(/\n/g, '\\n').replace(/\t/g, '\\t');
}
