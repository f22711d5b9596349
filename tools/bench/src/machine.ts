import { cpus, release, totalmem } from 'node:os';

/** What the figures were measured on: they only compare within one run on one machine. */
export function describeMachine(): string {
  const cpu = cpus();
  const memory = (totalmem() / 2 ** 30).toFixed(1);
  return `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${memory} GiB RAM, Linux ${release()}, Node ${process.version}`;
}
