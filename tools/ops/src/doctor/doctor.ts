import type { ClusterSnapshot } from '../kube/snapshot.js';
import type { Finding } from './finding.js';
import { RULES } from './rules/index.js';

export interface DoctorReport {
  target: ClusterSnapshot['target'];
  checked: { pods: number; services: number; ingresses: number; hpas: number; pvcs: number; cronJobs: number };
  findings: Finding[];
}

export function runDoctor(snapshot: ClusterSnapshot): DoctorReport {
  return {
    target: snapshot.target,
    checked: {
      pods: snapshot.pods.length,
      services: snapshot.services.length,
      ingresses: snapshot.ingresses.length,
      hpas: snapshot.hpas.length,
      pvcs: snapshot.pvcs.length,
      cronJobs: snapshot.cronJobs.length,
    },
    findings: RULES.flatMap((rule) => rule.check(snapshot)),
  };
}

export function formatReport(report: DoctorReport): string {
  const { namespace, release, context } = report.target;
  const head = `release ${release} in namespace ${namespace} (context ${context ?? 'current'}): ${report.checked.pods} pods checked`;
  if (report.findings.length === 0) return `${head}\nno problems found\n`;
  const blocks = report.findings.map((f) =>
    [
      `${f.severity.toUpperCase()} ${f.object}: ${f.summary}`,
      ...f.evidence.map((e) => `  evidence: ${e.replace(/\n/g, '\n    ')}`),
      `  fix: ${f.fix}`,
    ].join('\n'),
  );
  return `${head}\n${report.findings.length} finding(s)\n\n${blocks.join('\n\n')}\n`;
}
