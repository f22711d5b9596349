import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { KubeConfig } from '@kubernetes/client-node';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectlAiArgs, type KubectlAiRun } from '../src/kubectl-ai/args.js';
import { scopedKubeConfig } from '../src/kubectl-ai/kubeconfig.js';
import { hasOpsServer, mcpConfigPath, writeMcpConfig, type McpServerEntry } from '../src/kubectl-ai/mcp-config.js';
import { preamble } from '../src/kubectl-ai/prompt.js';
import { ProviderError, resolveProvider } from '../src/kubectl-ai/provider.js';
import { customTools, customToolsYaml, type CustomTool } from '../src/kubectl-ai/tools-config.js';
import { KUBECTL_AI_VERSION } from '../src/kubectl-ai/version.js';
import { healthyWorld, helmSecret, routes } from './support/cluster.js';
import { startFakeApiServer, type FakeApiServer } from './support/fake-apiserver.js';

const run = promisify(execFile);
const target = { namespace: 'todo', release: 'todo' };
const AI_CLI = resolve(import.meta.dirname, '../src/ai-cli.ts');
let api: FakeApiServer;
let work: string;

beforeAll(async () => {
  const world = healthyWorld();
  world.secrets.push(helmSecret(3, 'failed'));
  api = await startFakeApiServer(routes(world));
  work = await mkdtemp(join(tmpdir(), 'ops-ai-'));
});
afterAll(async () => {
  await api?.close();
  await rm(work, { recursive: true, force: true });
});

const base: KubectlAiRun = {
  question: 'why is the backend failing?',
  preamble: preamble(target, false),
  provider: { id: 'gemini', toolUseShim: false },
  kubeconfig: '/tmp/k/kubeconfig',
  toolsConfig: '/tmp/k/tools.yaml',
  mcpClient: false,
  allowChanges: false,
};

describe('kubectl-ai arguments', () => {
  it('read-only by default: one-shot (--quiet), never --skip-permissions', () => {
    const args = kubectlAiArgs(base);
    expect(args.slice(0, -1)).toEqual([
      '--llm-provider',
      'gemini',
      '--kubeconfig',
      '/tmp/k/kubeconfig',
      '--custom-tools-config',
      '/tmp/k/tools.yaml',
      '--quiet',
    ]);
    expect(args.at(-1)).toMatch(/read-only[\s\S]*Question:\nwhy is the backend failing\?$/);
    expect(args).not.toContain('--skip-permissions');
  });

  it('--allow-changes runs interactively so kubectl-ai confirms each change; MCP client and shim when asked', () => {
    const args = kubectlAiArgs({
      ...base,
      allowChanges: true,
      mcpClient: true,
      preamble: preamble(target, true),
      provider: { id: 'ollama', model: 'qwen3:8b', toolUseShim: true },
    });
    expect(args).not.toContain('--quiet');
    expect(args).not.toContain('--skip-permissions');
    expect(args).toEqual(expect.arrayContaining(['--model', 'qwen3:8b', '--enable-tool-use-shim', '--mcp-client']));
    expect(args.at(-1)).toContain('Changes are allowed');
  });

  it('the provider comes from the environment', () => {
    expect(resolveProvider({ GEMINI_API_KEY: 'k' })).toEqual({ id: 'gemini', model: undefined, toolUseShim: false });
    expect(
      resolveProvider({ OPENAI_API_KEY: 'k', OPENAI_ENDPOINT: 'http://127.0.0.1:8000/v1', OPENAI_MODEL: 'm' }),
    ).toMatchObject({ id: 'openai', model: 'm' });
    expect(resolveProvider({ OLLAMA_HOST: 'http://127.0.0.1:11434', KUBECTL_AI_MODEL: 'qwen3:8b' })).toMatchObject({
      id: 'ollama',
      toolUseShim: true,
    });
    expect(resolveProvider({ KUBECTL_AI_PROVIDER: 'grok', GEMINI_API_KEY: 'k' }).id).toBe('grok');
    expect(() => resolveProvider({ OLLAMA_HOST: 'x' })).toThrow(/KUBECTL_AI_MODEL/);
    expect(() => resolveProvider({})).toThrow(ProviderError);
  });
});

describe('kubectl-ai configuration files', () => {
  it('the scoped kubeconfig holds only the target cluster, in the release namespace', () => {
    const kc = new KubeConfig();
    kc.loadFromFile(api.kubeconfig);
    const config = parse(scopedKubeConfig(kc, target));
    expect(config.contexts).toEqual([
      { name: 'fake-todo', context: expect.objectContaining({ cluster: 'fake', user: 'fake', namespace: 'todo' }) },
    ]);
    expect(config['current-context']).toBe('fake-todo');
    expect(config.clusters).toHaveLength(1);
  });

  it('custom tools: helm and the ops commands, which run from any directory', async () => {
    const tools: CustomTool[] = parse(customToolsYaml(target, '/opt/bin/helm'));
    expect(tools.map((t) => t.name)).toEqual(['helm', 'todo_doctor', 'todo_recommend', 'todo_backup']);
    expect(tools[0].command).toBe('/opt/bin/helm');
    for (const tool of tools)
      expect(Object.keys(tool).sort()).toEqual(['command', 'command_desc', 'description', 'is_interactive', 'name']);
    // kubectl-ai runs a tool's command in its own temporary directory: run the doctor's the same way
    const [command, ...args] = customTools(target, 'helm')[1].command.split(' ');
    const result = await run(command, [...args, '--json'], {
      cwd: work,
      env: { ...process.env, KUBECONFIG: api.kubeconfig },
    }).catch((e) => e);
    expect(JSON.parse(result.stdout).findings[0].rule).toBe('helm-release');
  });

  it('ai-setup adds todo-ops to mcp.yaml, keeps other servers, and the entry starts a working server', async () => {
    const path = mcpConfigPath({ XDG_CONFIG_HOME: work });
    expect(path).toBe(join(work, 'kubectl-ai', 'mcp.yaml'));
    expect(await hasOpsServer(path)).toBe(false);
    await writeMcpConfig(target, path);
    await writeFile(
      path,
      stringify({ servers: [{ name: 'other', command: 'other-mcp' }, ...parse(await readFile(path, 'utf8')).servers] }),
    );
    await writeMcpConfig({ ...target, context: 'minikube' }, path);
    const servers: McpServerEntry[] = parse(await readFile(path, 'utf8')).servers;
    expect(servers.map((s) => s.name)).toEqual(['other', 'todo-ops']);
    expect(servers[1].args).toContain('--context=minikube');
    expect(await hasOpsServer(path)).toBe(true);

    const entry = { ...servers[1], args: servers[1].args.filter((a) => !a.startsWith('--context')) };
    const client = new Client({ name: 'kubectl-ai-stand-in', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({
        command: entry.command,
        args: entry.args,
        cwd: work,
        env: { ...(process.env as Record<string, string>), KUBECONFIG: api.kubeconfig },
        stderr: 'pipe',
      }),
    );
    expect((await client.listTools()).tools.map((t) => t.name)).toContain('diagnose');
    await client.close();
  });
});

describe('ops:ai without kubectl-ai', () => {
  it('prints one line with the install command and exits 127', async () => {
    const result = await run(
      process.execPath,
      ['--conditions=@todo/source', '--import', 'tsx', AI_CLI, 'why is the backend failing?'],
      {
        env: { ...process.env, PATH: dirname(process.execPath) },
      },
    ).catch((e) => e);
    expect(result.code).toBe(127);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(`kubectl-ai is not installed (this project uses v${KUBECTL_AI_VERSION})`);
    expect(result.stderr).toContain(`releases/download/v${KUBECTL_AI_VERSION}/kubectl-ai_Linux_x86_64.tar.gz`);
  });
});
