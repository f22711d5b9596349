// Kubernetes resource quantities to numbers (CPU in cores, memory in bytes) and back.
const SUFFIX: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
};

export function parseQuantity(value: string | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return value;
  const match = /^([0-9.]+(?:e[0-9]+)?)(n|u|m|k|M|G|T|Ki|Mi|Gi|Ti)?$/.exec(value.trim());
  if (!match) throw new Error(`not a Kubernetes quantity: ${value}`);
  return Number(match[1]) * SUFFIX[match[2] ?? ''];
}

/** Cores as millicores, rounded up to a multiple of `step` (e.g. "250m"). */
export const formatCpu = (cores: number, step = 5) => `${Math.ceil((cores * 1000) / step) * step}m`;

/** Bytes as mebibytes, rounded up to a multiple of `step` (e.g. "192Mi"). */
export const formatMemory = (bytes: number, step = 16) => `${Math.ceil(bytes / 1024 ** 2 / step) * step}Mi`;
