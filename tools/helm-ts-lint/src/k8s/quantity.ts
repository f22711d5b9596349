import { quantityToScalar } from '@kubernetes/client-node/dist/util.js';

/** A Kubernetes quantity (`500m`, `1Gi`, `2`) as a number; NaN when malformed (the schema rule reports that). */
export function quantity(value: unknown): number {
  try {
    return Number(quantityToScalar(String(value ?? 0)));
  } catch {
    return NaN;
  }
}
