// Kubernetes objects shaped as a real API server returns them (an EKS cluster's, trimmed), for tests.

export function nodeJson(name: string, overrides: { rv?: string; unschedulable?: boolean; taints?: { key: string; value?: string; effect: string; timeAdded?: string }[]; labels?: Record<string, string>; ready?: string; uid?: string } = {}) {
  return {
    kind: 'Node',
    apiVersion: 'v1',
    metadata: {
      name,
      uid: overrides.uid ?? `uid-${name}`,
      resourceVersion: overrides.rv ?? '10',
      creationTimestamp: '2024-05-01T12:00:00Z',
      labels: overrides.labels ?? { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': 'eu-west-1a', 'node.kubernetes.io/instance-type': 'm5.large' },
      annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' } as Record<string, string>,
    },
    spec: {
      providerID: `aws:///eu-west-1a/i-0${name.replace(/\W/g, '')}`,
      ...(overrides.unschedulable !== undefined ? { unschedulable: overrides.unschedulable } : {}),
      ...(overrides.taints ? { taints: overrides.taints } : {}),
    },
    status: {
      capacity: { cpu: '2', memory: '7981844Ki', pods: '29' },
      allocatable: { cpu: '1930m', memory: '7291668Ki', pods: '29', 'ephemeral-storage': '76224326324' },
      conditions: [
        { type: 'MemoryPressure', status: 'False', lastHeartbeatTime: '2024-05-02T08:00:00Z', lastTransitionTime: '2024-05-01T12:00:00Z', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
        { type: 'Ready', status: overrides.ready ?? 'True', lastHeartbeatTime: '2024-05-02T08:00:00Z', lastTransitionTime: '2024-05-01T12:01:00Z', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
      ],
      nodeInfo: { kubeletVersion: 'v1.30.0-eks-036c24b', osImage: 'Amazon Linux 2' },
    },
  };
}

export function podJson(namespace: string, name: string, overrides: { rv?: string; nodeName?: string; ready?: boolean; deleting?: boolean; labels?: Record<string, string>; uid?: string } = {}) {
  return {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: {
      name,
      namespace,
      uid: overrides.uid ?? `uid-${name}`,
      resourceVersion: overrides.rv ?? '20',
      creationTimestamp: '2024-05-01T12:05:00Z',
      labels: overrides.labels ?? { app: 'web', 'pod-template-hash': '5d8f7' },
      ...(overrides.deleting ? { deletionTimestamp: '2024-05-02T09:00:00Z', deletionGracePeriodSeconds: 30 } : {}),
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-5d8f7', uid: 'rs-uid', controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      containers: [{ name: 'web', image: 'nginx:1.27', resources: { requests: { cpu: '250m', memory: '256Mi' } }, terminationMessagePath: '/dev/termination-log', imagePullPolicy: 'IfNotPresent' }],
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      ...(overrides.nodeName ? { nodeName: overrides.nodeName } : {}),
      schedulerName: 'default-scheduler',
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
      priority: 0,
      enableServiceLinks: true,
    },
    status: {
      phase: 'Running',
      conditions: [
        { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: '2024-05-01T12:05:00Z' },
        { type: 'Ready', status: overrides.ready === false ? 'False' : 'True', lastProbeTime: null, lastTransitionTime: '2024-05-01T12:05:10Z' },
      ],
      containerStatuses: [{ name: 'web', image: 'nginx:1.27', imageID: 'docker.io/library/nginx@sha256:abc', ready: overrides.ready !== false, restartCount: 0, started: true, state: { running: { startedAt: '2024-05-01T12:05:08Z' } } }],
      qosClass: 'Burstable',
    },
  };
}
