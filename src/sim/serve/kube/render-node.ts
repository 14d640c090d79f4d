// A Node as the API server returns it: the kubelet's registration (labels, providerID, addresses,
// nodeInfo, capacity) plus what dextre and kubectl change (spec.unschedulable, spec.taints, labels,
// annotations) and the Ready condition the kubelet posts (KubeletReady / KubeletNotReady).
// Simplified: capacity equals allocatable; the pressure conditions are always False; heartbeats are
// not rendered as moving (lastHeartbeatTime is the last transition), so an idle node keeps its
// resourceVersion, which is what watchers care about.
import type { Node } from '../../../core/model.js';
import { fnv32 } from '../../names.js';
import { cpuQuantity, memoryQuantity, nodeIp, rfc3339, stableUid } from './format.js';
import { compact, nonEmpty, type JsonObject } from './json.js';

/** The kubelet version nodes report and the server's own version (an EKS 1.31 build). */
export const KUBE_VERSION = { major: '1', minor: '31', gitVersion: 'v1.31.2-eks-7f9249a', kubelet: 'v1.31.2-eks-94953ac' } as const;
/** Pods per node, as the kubelet reports in capacity (EKS sets it from the ENI limits; 110 upstream). */
const MAX_PODS = '110';

export interface NodeTimes {
  /** The Ready condition's last transition (virtual epoch seconds). */
  readyChanged: number;
}

export function nodeUid(node: Pick<Node, 'name' | 'createdAt'>): string {
  return stableUid(`Node/${node.name}/${node.createdAt}`);
}

/** An image on the node's disk, as the kubelet lists it in status.images. */
export interface NodeImage {
  name: string;
  sizeMiB: number;
}

export function renderNode(node: Node, t: NodeTimes, images: readonly NodeImage[] = []): JsonObject {
  const resources = { cpu: cpuQuantity(node.allocatable.cpu), memory: memoryQuantity(node.allocatable.memory), pods: MAX_PODS };
  const created = rfc3339(node.createdAt);
  const since = rfc3339(t.readyChanged);
  const ip = nodeIp(node.name);
  const pressure = (type: string, reason: string, message: string) => ({ type, status: 'False', lastHeartbeatTime: since, lastTransitionTime: created, reason, message });
  const seed = fnv32(node.name).toString(16).padStart(8, '0');
  return {
    kind: 'Node',
    apiVersion: 'v1',
    metadata: compact({
      name: node.name,
      uid: nodeUid(node),
      resourceVersion: '',
      creationTimestamp: created,
      labels: { ...node.labels },
      annotations: nonEmpty(node.annotations),
    }),
    spec: compact({
      providerID: node.providerId === '' ? undefined : node.providerId,
      taints: node.taints.length > 0 ? node.taints.map((taint) => compact({ key: taint.key, value: taint.value, effect: taint.effect })) : undefined,
      unschedulable: node.unschedulable ? true : undefined,
    }),
    status: compact({
      capacity: { ...resources },
      allocatable: { ...resources },
      conditions: [
        pressure('MemoryPressure', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
        pressure('DiskPressure', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        pressure('PIDPressure', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        node.ready
          ? { type: 'Ready', status: 'True', lastHeartbeatTime: since, lastTransitionTime: since, reason: 'KubeletReady', message: 'kubelet is posting ready status' }
          : { type: 'Ready', status: 'False', lastHeartbeatTime: since, lastTransitionTime: since, reason: 'KubeletNotReady', message: 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized' },
      ],
      addresses: [
        { type: 'InternalIP', address: ip },
        ...(node.name.endsWith('.compute.internal') ? [{ type: 'InternalDNS', address: node.name }] : []),
        { type: 'Hostname', address: node.labels['kubernetes.io/hostname'] ?? node.name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      images: images.length > 0 ? images.map((i) => ({ names: [i.name], sizeBytes: Math.round(i.sizeMiB * 1_048_576) })) : undefined,
      nodeInfo: {
        machineID: `ec2${seed}${seed}${seed}${seed}`.slice(0, 32),
        systemUUID: `ec2${seed}-0000-0000-0000-${seed}0000`,
        bootID: stableUid(`boot/${node.name}/${node.createdAt}`),
        kernelVersion: '6.1.115-126.197.amzn2023.x86_64',
        osImage: 'Amazon Linux 2023.6.20241111',
        containerRuntimeVersion: 'containerd://1.7.23',
        kubeletVersion: KUBE_VERSION.kubelet,
        kubeProxyVersion: '',
        operatingSystem: node.labels['kubernetes.io/os'] ?? 'linux',
        architecture: node.labels['kubernetes.io/arch'] ?? 'amd64',
      },
    }),
  };
}
