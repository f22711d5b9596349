import type { ClusterSnapshot } from '../kube/snapshot.js';

/** One problem the doctor found: what, the evidence that shows it, and how to fix it. */
export interface Finding {
  rule: string;
  severity: 'error' | 'warning';
  /** kind/name of the object, e.g. pod/todo-backend-5d9c-x2x. */
  object: string;
  summary: string;
  evidence: string[];
  fix: string;
}

export interface Rule {
  name: string;
  check(snapshot: ClusterSnapshot): Finding[];
}

/** The chart component of an object (app.kubernetes.io/component), e.g. backend. */
export const componentOf = (object: { metadata?: { labels?: Record<string, string> } }) =>
  object.metadata?.labels?.['app.kubernetes.io/component'] ?? 'unknown';

/** Events about one object, newest last. */
export const eventsFor = (snapshot: ClusterSnapshot, kind: string, name: string) =>
  snapshot.events.filter((e) => e.involvedObject.kind === kind && e.involvedObject.name === name);

export const describeEvent = (e: { type?: string; reason?: string; message?: string; count?: number }) =>
  `event ${e.type ?? ''} ${e.reason ?? ''}${e.count && e.count > 1 ? ` (x${e.count})` : ''}: ${e.message ?? ''}`.trim();
