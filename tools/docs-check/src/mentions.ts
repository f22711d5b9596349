// What a Markdown document names: Nx commands, repository paths, environment variables and chart values, each with
// its line. Only code spans and links count: prose is free to say anything.

export interface Mention {
  kind: 'nx' | 'path' | 'env' | 'value';
  text: string;
  line: number;
}

/** `nx run p:t[:c]`, `nx <target> <project>`, `nx run-many -t a b -p x y`: [project, target] pairs. */
export function nxTargets(command: string): [string | undefined, string][] {
  const words = command.split(' #')[0].split(/\s+/).filter(Boolean);
  const at = words.findIndex((word) => word === 'nx');
  if (at < 0) return [];
  const [verb, ...rest] = words.slice(at + 1);
  const flags = (name: string) => {
    const found: string[] = [];
    for (let i = 0; i < rest.length; i++)
      if (rest[i] === `-${name}` || rest[i] === `--${name === 't' ? 'targets' : 'projects'}`)
        for (let j = i + 1; j < rest.length && !rest[j].startsWith('-'); j++) found.push(...rest[j].split(','));
    return found;
  };
  if (verb === 'run') {
    const [project, target] = (rest[0] ?? '').split(':');
    return project && target ? [[project, target]] : [];
  }
  if (verb === 'run-many' || verb === 'affected') {
    const projects = flags('p');
    return flags('t').flatMap((target): [string | undefined, string][] =>
      projects.length ? projects.map((p) => [p, target]) : [[undefined, target]],
    );
  }
  if (['deploy', 'serve', 'build', 'e2e', 'test', 'lint', 'docker-build', 'typecheck'].includes(verb ?? ''))
    return rest[0] && !rest[0].startsWith('-') ? [[rest[0], verb]] : [];
  return [];
}

const TOP_LEVEL = /^(apps|libs|tools|deploy|docs|\.github|\.ci)\//;
const ENV = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;
const VALUE = /^[a-z][a-zA-Z0-9]*(?:\.[a-zA-Z0-9]+)+$/;
const FILE = /\.(ts|tsx|mjs|cjs|js|sh|json|ya?ml|md|tpl|txt|gpg|dump|tgz)$/;
/** MCP's JSON-RPC methods, which look like paths. */
const MCP_METHOD = /^(tools|resources|prompts)\/(list|call|read|get)$/;
/** Build and test output: named in the docs, made by running something. */
const GENERATED = /(^|\/)(dist|test-output|\.next|\.data)(\/|$)/;

/** Every mention in `markdown`; `valueRoots` are the chart's top-level keys (a value must start with one). */
export function mentions(markdown: string, valueRoots: Set<string>): Mention[] {
  const found: Mention[] = [];
  const lines = markdown.split('\n');
  let fence = false;
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trimStart().startsWith('```')) {
      fence = !fence;
      return;
    }
    const spans = fence ? [raw] : [...raw.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
    for (const span of spans) {
      if (/\bnx\b/.test(span) && !/[<>]/.test(span)) found.push({ kind: 'nx', text: span.trim(), line });
      const kubectl = /\bkubectl\b/.test(span); // deploy/<name> there is a Deployment, not a folder
      for (const word of span.split(/[\s=(),|"']+/)) {
        const token = word.replace(/[.:;]+$/, '');
        if (
          TOP_LEVEL.test(token) &&
          !kubectl &&
          !GENERATED.test(token) &&
          !MCP_METHOD.test(token) &&
          !/[<>*{}[\]…$]/.test(token)
        )
          found.push({ kind: 'path', text: token, line });
        if (ENV.test(token)) found.push({ kind: 'env', text: token, line });
        if (VALUE.test(token) && !FILE.test(token) && valueRoots.has(token.split('.')[0]))
          found.push({ kind: 'value', text: token, line });
      }
    }
    if (!fence)
      for (const [, target] of raw.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g))
        if (!/^[a-z]+:/.test(target)) found.push({ kind: 'path', text: `./${target}`, line });
  });
  return found;
}
