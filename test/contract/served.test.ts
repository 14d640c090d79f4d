// The port contracts against the real adapters (@kubernetes/client-node, the AWS SDK v3) talking HTTP to
// the simulator served as a Kubernetes API server and AWS endpoints; and the same answers as in process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudContract } from './cloud-contract.js';
import { kubeContract } from './kube-contract.js';
import { inProcess, served, type World } from './worlds.js';

kubeContract('real adapters against sim serve', served);
cloudContract('real adapters against sim serve', served);

describe('the real adapters read what the in-process adapters read', () => {
  let over: World;
  let local: World;
  beforeAll(async () => {
    [over, local] = await Promise.all([served('demo'), inProcess('demo')]);
  });
  afterAll(async () => {
    await Promise.all([over?.close(), local?.close()]);
  });

  it('nodes, pods, workloads and PDBs', async () => {
    expect(await over.kube.listNodes()).toEqual(await local.kube.listNodes());
    expect(await over.kube.listPods()).toEqual(await local.kube.listPods());
    expect(await over.kube.listWorkloads()).toEqual(await local.kube.listWorkloads());
    expect(await over.kube.listPdbs()).toEqual(await local.kube.listPdbs());
    expect(await over.kube.listImageSizes()).toEqual(await local.kube.listImageSizes());
  });

  it('groups and launch templates', async () => {
    const groups = await over.cloud.describeGroups({ cluster: over.clusterName });
    expect(groups).toEqual(await local.cloud.describeGroups({ cluster: local.clusterName }));
    const ids = [...new Set(groups.flatMap((g) => (g.launchTemplate ? [g.launchTemplate.id] : [])))];
    expect(await over.cloud.describeLaunchTemplates(ids)).toEqual(await local.cloud.describeLaunchTemplates(ids));
  });
});
