import { execFile } from 'node:child_process';

export interface RenderOptions {
  /** The helm binary. */
  helm: string;
  chart: string;
  valuesFiles: string[];
  release: string;
  namespace: string;
  /** Custom resources the cluster would serve (`group/version/Kind`), for the chart's checks of them. */
  apiVersions?: string[];
}

export function helmTemplateArgs({
  chart,
  valuesFiles,
  release,
  namespace,
  apiVersions = [],
}: RenderOptions): string[] {
  return [
    ...['template', release, chart, '--namespace', namespace],
    ...valuesFiles.flatMap((file) => ['-f', file]),
    ...apiVersions.flatMap((api) => ['--api-versions', api]),
  ];
}

/** Runs `helm template` and returns the rendered manifests; rejects with helm's stderr. */
export function renderChart(options: RenderOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(options.helm, helmTemplateArgs(options), { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(stderr.trim() || error.message));
      else resolve(stdout);
    });
  });
}
