// The one step runner of the workspace's CLIs: a step is a command with a title; running it prints `> <title>`, shows
// the command's own output, and a failure is one line (`<title> failed (exit code N): <what to do>`).
import { spawn } from 'node:child_process';
import { basename } from 'node:path';

export interface Step {
  title: string;
  argv: string[];
  /** What to tell the user when the step fails, after its own output. */
  onFailure?: string;
  /** A command the step's output is piped into (`linkerd install | kubectl apply -f -`). */
  pipeTo?: string[];
}

export interface StepOptions {
  env?: NodeJS.ProcessEnv;
  /** Print `> would run: <command>` instead of running it. */
  dryRun?: boolean;
  /** What to tell the user when a step without its own `onFailure` fails. */
  onFailure?: string;
}

/** A step that failed: the message is the one line to print. */
export class StepError extends Error {}

export const say = (line: string) => console.log(`> ${line}`);

/** The command as a user would type it (the program by its name). */
export const show = ([command, ...args]: string[]) => [basename(command), ...args].join(' ');

/** Runs a command with its output shown, `input` (if any) on its stdin; resolves with the exit code. */
export function stream(argv: string[], env: NodeJS.ProcessEnv = process.env, input?: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(argv[0], argv.slice(1), {
      env,
      stdio: [input === undefined ? 'inherit' : 'pipe', 'inherit', 'inherit'],
    });
    child.stdin?.on('error', () => undefined); // the command may exit before reading it all
    child.stdin?.end(input);
    child.on('error', () => resolve(127));
    child.on('close', (code) => resolve(code ?? 1));
  });
}

/** Runs a command to completion, its stdout kept and its stderr shown; resolves with both. */
function piped(argv: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(argv[0], argv.slice(1), { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.on('error', () => resolve({ code: 127, stdout }));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout }));
  });
}

export async function runStep(step: Step, options: StepOptions = {}): Promise<void> {
  const env = options.env ?? process.env;
  if (options.dryRun) {
    say(`would run: ${show(step.argv)}${step.pipeTo ? ` | ${show(step.pipeTo)}` : ''}`);
    return;
  }
  say(step.title);
  let code: number;
  if (step.pipeTo) {
    const output = await piped(step.argv, env);
    code = output.code === 0 ? await stream(step.pipeTo, env, output.stdout) : output.code;
  } else code = await stream(step.argv, env);
  const hint = step.onFailure ?? options.onFailure;
  if (code !== 0) throw new StepError(`${step.title} failed (exit code ${code})${hint ? `: ${hint}` : ''}`);
}

/** The steps in order; the first failure stops them (a StepError). */
export async function runSteps(steps: Step[], options: StepOptions = {}): Promise<void> {
  for (const step of steps) await runStep(step, options);
}

/** A CLI's end on a failed step: `✖ <its line>` and exit 1; any other error is thrown on. */
export function exitOnStepError(error: unknown): never {
  if (!(error instanceof StepError)) throw error;
  console.error(`✖ ${error.message}`);
  process.exit(1);
}
