import type { Finding } from './types.js';

/** One located line: `local: Deployment/todo-backend: spec.template.spec.containers[0]...: message`. */
export function formatFinding(finding: Finding, context?: string): string {
  return [context, finding.object, finding.path, finding.message].filter(Boolean).join(': ');
}
