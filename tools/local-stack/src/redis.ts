import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

/** A real redis-server (Debian's package, or `REDIS_SERVER`) on 127.0.0.1, in memory only, with a password. */
export interface LocalRedis {
  port: number;
  /** redis:// URL with the password. */
  url: string;
  /** SIGKILL: the server goes away at once, as a crashed pod would. */
  kill(): Promise<void>;
  /** SIGSTOP and SIGCONT: the server keeps its connections but stops answering, as a hung one would. */
  pause(): void;
  resume(): void;
  stop(): Promise<void>;
}

/** The redis-server binary, or undefined when it is not installed. */
export function findRedisServer(): string | undefined {
  const binary = process.env.REDIS_SERVER || 'redis-server';
  return spawnSync(binary, ['--version'], { stdio: 'ignore' }).status === 0 ? binary : undefined;
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
  });

/** Starts redis-server on `port` (no persistence: a restart comes back empty) and waits until it accepts clients. */
export async function startLocalRedis(options: {
  port: number;
  password: string;
  binary?: string;
}): Promise<LocalRedis> {
  const binary = options.binary ?? findRedisServer();
  if (!binary) throw new Error('redis-server is not installed (apt-get install redis-server, or set REDIS_SERVER)');
  // The password goes on stdin as a config file, never on the command line (visible in ps).
  const child = spawn(binary, ['-'], { stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin!.end(
    [
      'bind 127.0.0.1',
      `port ${options.port}`,
      'save ""',
      'appendonly no',
      'daemonize no',
      `requirepass "${options.password}"`,
    ].join('\n'),
  );
  let output = '';
  await new Promise<void>((resolve, reject) => {
    // Keeps reading after start-up (a full pipe would block the server), but keeps only what start-up printed.
    const onData = (chunk: Buffer) => {
      if (output.includes('Ready to accept connections')) return;
      output += chunk;
      if (output.includes('Ready to accept connections')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${output.trim()}`)));
  });
  const signal = async (name: NodeJS.Signals) => {
    const done = exited(child);
    child.kill(name);
    await done;
  };
  return {
    port: options.port,
    url: `redis://:${encodeURIComponent(options.password)}@127.0.0.1:${options.port}`,
    kill: () => signal('SIGKILL'),
    pause: () => void child.kill('SIGSTOP'),
    resume: () => void child.kill('SIGCONT'),
    stop: () => {
      child.kill('SIGCONT'); // a paused server would not act on SIGTERM
      return signal('SIGTERM');
    },
  };
}
