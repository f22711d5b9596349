import type { Rule } from '../finding.js';

/** The release's newest revision is failed or stuck in a pending state. */
export const helmRelease: Rule = {
  name: 'helm-release',
  check: (snapshot) => {
    const [latest, ...older] = snapshot.releases;
    if (!latest || latest.status === 'deployed' || latest.status === 'superseded') return [];
    const lastGood = older.find((r) => r.status === 'deployed' || r.status === 'superseded');
    const { namespace, release } = snapshot.target;
    return [
      {
        rule: 'helm-release',
        severity: 'error' as const,
        object: `release/${release}`,
        summary: `Helm release revision ${latest.revision} is ${latest.status}`,
        evidence: [
          `revision ${latest.revision} (chart ${latest.chartVersion}), ${latest.lastDeployed ?? ''}: ${latest.description}`,
        ],
        fix: lastGood
          ? `roll back to revision ${lastGood.revision}: helm rollback ${release} ${lastGood.revision} -n ${namespace} ` +
            `(or the rollback tool of the ops MCP server), then fix the cause and deploy again`
          : `fix the cause above and deploy again (npx nx run deploy:up)`,
      },
    ];
  },
};
