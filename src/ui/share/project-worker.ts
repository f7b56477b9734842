// Reading a project file off the main thread: unzipping (caps checked first), CRC checks and the schemas
// of every part run here, so a large or hostile file never freezes the page. Plain messages: bytes in
// (transferred), the validated ProjectData or the UserError's one-line message out.
import '../../core/zod-jitless';
import { readProject } from '../../core/project/project';

self.onmessage = (e: MessageEvent<{ bytes: Uint8Array; fileName: string }>) => {
  try {
    const p = readProject(e.data.bytes, e.data.fileName);
    (self as unknown as Worker).postMessage({ ok: true, project: p });
  } catch (err) {
    (self as unknown as Worker).postMessage({ ok: false, message: err instanceof Error ? err.message : String(err) });
  }
};
