// The command line of every workspace CLI: `--help` prints the usage and exits 0; an unknown option or a bad
// argument is one line on stderr and exit 2, before anything is downloaded or touched.
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';

export interface CliSpec<T extends ParseArgsOptionsConfig> {
  /** The whole help text; its first line is `Usage: ...`. */
  usage: string;
  options?: T;
  allowPositionals?: boolean;
  /** Arguments to parse; default: the process's. */
  args?: string[];
}

/** Refuses the command line: one line naming the problem, then exit 2. */
export function refuse(message: string): never {
  console.error(`${message} (--help for the usage)`);
  process.exit(2);
}

/** A parse error as one line: `unknown option --x` rather than Node's advice on positionals. */
function oneLine(error: Error & { code?: string }): string {
  const quoted = /'([^']*)'/.exec(error.message)?.[1];
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${quoted}`;
  if (error.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `unexpected argument "${quoted}"`;
  const sentence = error.message.split('\n')[0].split('. ')[0];
  return sentence.charAt(0).toLowerCase() + sentence.slice(1);
}

/** parseArgs (strict) behind `--help` and one-line refusals. */
export function parseCli<T extends ParseArgsOptionsConfig>(spec: CliSpec<T>) {
  const args = spec.args ?? process.argv.slice(2);
  const beforeDashes = args.includes('--') ? args.slice(0, args.indexOf('--')) : args;
  if (beforeDashes.includes('--help') || beforeDashes.includes('-h')) {
    console.log(spec.usage.trimEnd());
    process.exit(0);
  }
  try {
    return parseArgs({
      args,
      options: spec.options ?? ({} as T),
      allowPositionals: spec.allowPositionals ?? false,
      strict: true,
    });
  } catch (error) {
    refuse(oneLine(error as Error));
  }
}
