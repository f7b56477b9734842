// The page's way to read a project file: in a short-lived worker (project-worker.ts), so inflating and
// validating never block the page. A refusal comes back as the same one-line message readProject gives.
import type { ProjectData } from '../../core/project/project';

export function readProjectOffThread(bytes: Uint8Array, fileName: string): Promise<ProjectData> {
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL('./project-worker.ts', import.meta.url), { type: 'module', name: 'droil-project-reader' });
    w.onmessage = (e: MessageEvent<{ ok: true; project: ProjectData } | { ok: false; message: string }>) => {
      w.terminate();
      if (e.data.ok) resolve(e.data.project);
      else reject(new Error(e.data.message));
    };
    w.onerror = (e) => { w.terminate(); reject(new Error(`${fileName}: the project could not be read (${e.message || 'the reader stopped'})`)); };
    w.postMessage({ bytes, fileName }, [bytes.buffer]);
  });
}
