// Content-Security-Policy violations inside the worker. A dedicated worker loaded from a URL runs under the
// policy of ITS OWN response headers, not under the page's <meta> (docs/sharing.md): its violations fire on the
// worker's global scope, where the page cannot see them. They are posted to the page, which reports them as its
// own (src/ui/worker-client.ts), so the end-to-end CSP tests count them too.
import type { WorkerCspViolation } from './protocol';

export function forwardCspViolations(scope: { addEventListener: typeof self.addEventListener; postMessage(message: unknown): void }): void {
  scope.addEventListener('securitypolicyviolation', (e) => {
    const v: WorkerCspViolation = {
      type: 'droil-csp-violation', directive: e.violatedDirective, blockedURI: e.blockedURI, sourceFile: e.sourceFile, lineNumber: e.lineNumber,
    };
    scope.postMessage(v);
  });
}
