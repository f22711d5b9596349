import ipaddr from 'ipaddr.js';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { describe, expect, it } from 'vitest';
import { lintManifests } from '../src/index.js';
import { CLUSTER_RANGES } from '../src/rules/network-egress-cidrs.js';
import { expectFindings, get, validManifests } from './support/manifests.js';

const policy = 'NetworkPolicy/todo-backend';

/** The backend's policy with one more egress rule: HTTPS to `cidr`, less `except`. */
function egressTo(cidr: string, except?: string[]) {
  const objects = validManifests();
  const spec = get<INetworkPolicy>(objects, policy).spec!;
  spec.egress = [
    ...(spec.egress ?? []),
    { to: [{ ipBlock: { cidr, except } }], ports: [{ port: 443, protocol: 'TCP' }] },
  ];
  return { objects, index: spec.egress.length - 1 };
}

const openRanges = (cidr: string, except?: string[]) =>
  lintManifests(egressTo(cidr, except).objects)
    .filter((f) => f.rule === 'network-egress-cidrs')
    .map((f) => f.message);

/** The network of `range` widened to `bits` (a supernet) or narrowed (a subnet at its start). */
function resize(range: string, bits: number): string {
  const [address] = ipaddr.parseCIDR(range);
  const network =
    address.kind() === 'ipv4'
      ? ipaddr.IPv4.networkAddressFromCIDR(`${address}/${bits}`)
      : ipaddr.IPv6.networkAddressFromCIDR(`${address}/${bits}`);
  return `${network.toString()}/${bits}`;
}

describe('network-egress-cidrs', () => {
  it('fails 0.0.0.0/0 without excepts, naming the cluster and metadata ranges it opens', () => {
    const { objects, index } = egressTo('0.0.0.0/0');
    expectFindings(objects, [
      {
        rule: 'network-egress-cidrs',
        object: policy,
        path: `spec.egress[${index}].to[0].ipBlock`,
        message:
          '0.0.0.0/0 lets the pods reach 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10, 169.254.0.0/16',
      },
    ]);
  });

  it('accepts 0.0.0.0/0 (and ::/0) with every cluster range excepted, and fails when any one is missing', () => {
    const v4 = CLUSTER_RANGES.filter((r) => r.includes('.'));
    const v6 = CLUSTER_RANGES.filter((r) => r.includes(':'));
    expect(openRanges('0.0.0.0/0', v4)).toEqual([]);
    expect(openRanges('::/0', v6)).toEqual([]);
    for (const missing of CLUSTER_RANGES) {
      const [all, rest] = missing.includes(':') ? ['::/0', v6] : ['0.0.0.0/0', v4];
      expect(
        openRanges(
          all,
          rest.filter((r) => r !== missing),
        ),
      ).toEqual([expect.stringContaining(`reach ${missing} `)]);
    }
  });

  const supernets = CLUSTER_RANGES.flatMap((range) =>
    Array.from({ length: Number(range.split('/')[1]) + 1 }, (_, bits) => [range, resize(range, bits)]),
  );
  it.each(supernets)('%s is open through its supernet %s unless excepted', (range, supernet) => {
    expect(openRanges(supernet)).toEqual([expect.stringContaining(range)]);
    const others = CLUSTER_RANGES.filter((r) => r !== range);
    expect(openRanges(supernet, [range, ...others])).toEqual([]);
  });

  const subnets = CLUSTER_RANGES.flatMap((range) => {
    const bits = Number(range.split('/')[1]);
    return [bits + 1, bits + 8, range.includes(':') ? 128 : 32].map((b) => [resize(range, b)]);
  });
  it.each(subnets)('a range inside a cluster range (%s) names its destination: allowed', (subnet) => {
    expect(openRanges(subnet)).toEqual([]);
  });

  it('leaves public ranges alone', () => {
    for (const cidr of ['8.8.8.8/32', '52.0.0.0/8', '1.0.0.0/8', '2001:db8::/32']) expect(openRanges(cidr)).toEqual([]);
  });
});
