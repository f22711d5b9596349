import { parseArgs } from 'node:util';

export const usage = `Usage: cli.ts --chart <dir> --env <name>=<values.yaml>[,<more.yaml>] [--env ...]
  [--helm <path>] [--release <name>] [--namespace <name>] [--existing-secret <name> ...]

Renders the chart once per environment with \`helm template\`, lints the manifests, exits 1 on any finding.
  --helm             helm binary (default: helm on the PATH)
  --release          release name (default: todo)
  --namespace        release namespace (default: todo)
  --existing-secret  a Secret created outside the chart; references to it are fine (repeatable)`;

export class UsageError extends Error {}

export interface Environment {
  name: string;
  valuesFiles: string[];
}

export interface CliArgs {
  helm: string;
  chart: string;
  release: string;
  namespace: string;
  environments: Environment[];
  existingSecrets: string[];
}

/** `local=deploy/environments/local.yaml,extra.yaml` */
function parseEnvironment(spec: string): Environment {
  const match = /^([^=]+)=(.+)$/.exec(spec);
  const valuesFiles = match?.[2].split(',').filter(Boolean) ?? [];
  if (!match || valuesFiles.length === 0) {
    throw new UsageError(`--env ${spec}: expected <name>=<values.yaml>[,<more.yaml>]`);
  }
  return { name: match[1], valuesFiles };
}

export function parseCliArgs(argv: string[]): CliArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        helm: { type: 'string', default: 'helm' },
        chart: { type: 'string' },
        env: { type: 'string', multiple: true, default: [] },
        release: { type: 'string', default: 'todo' },
        namespace: { type: 'string', default: 'todo' },
        'existing-secret': { type: 'string', multiple: true, default: [] },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (!values.chart) throw new UsageError('--chart <dir> is required');
  if (values.env.length === 0) throw new UsageError('at least one --env <name>=<values.yaml> is required');
  return {
    helm: values.helm,
    chart: values.chart,
    release: values.release,
    namespace: values.namespace,
    environments: values.env.map(parseEnvironment),
    existingSecrets: values['existing-secret'],
  };
}
