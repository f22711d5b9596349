import type { IContainer } from 'kubernetes-models/v1/Container';
import { list } from './objects.js';

/** A port a container declares. */
export interface DeclaredPort {
  port: number;
  name?: string;
  protocol: string;
}

export function declaredPorts(containers: IContainer[]): DeclaredPort[] {
  return containers.flatMap((container) =>
    list(container.ports).map((port) => ({
      port: port.containerPort,
      name: port.name,
      protocol: port.protocol ?? 'TCP',
    })),
  );
}

/** The declared port a reference (number or port name) designates, if any. */
export function findPort(ports: DeclaredPort[], ref: number | string, protocol = 'TCP'): DeclaredPort | undefined {
  return ports.find((port) => (typeof ref === 'number' ? port.port : port.name) === ref && port.protocol === protocol);
}
