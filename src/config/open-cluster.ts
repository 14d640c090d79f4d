// Opening a real cluster: the kubeconfig and context, the AWS clients, the wall clock, and the journal
// in a ConfigMap of the cluster (or the file named with --journal). Loaded only for real clusters, so
// the simulator and `--help` never pay for the SDKs.
import { createAwsCloud } from '../cloud/aws/index.js';
import { SystemClock } from '../clock/system.js';
import { FileJournal } from '../engine/journal-file.js';
import { createKubeCluster } from '../kube/client/cluster.js';
import { ConfigMapJournal } from '../kube/client/journal.js';
import { LeaseRollLock } from '../kube/client/roll-lock.js';
import { loadKubeConfig } from '../kube/client/kubeconfig.js';
import { rebalanceJournalPath, type ResolvedTarget, type Target } from './target.js';

export async function openCluster(resolved: Extract<ResolvedTarget, { kind: 'cluster' }>): Promise<Target> {
  const { cluster } = resolved;
  // Without a context in dextre.yaml or --context, the cluster's name is the kube context's name.
  const { kc } = await loadKubeConfig({ ...(cluster.kubeconfig !== undefined ? { kubeconfig: cluster.kubeconfig } : {}), context: cluster.context ?? cluster.name });
  const cloud = await createAwsCloud({
    ...(cluster.region !== undefined ? { region: cluster.region } : {}),
    ...(cluster.profile !== undefined ? { profile: cluster.profile } : {}),
  });
  const kube = createKubeCluster(kc);
  const journalPath = resolved.journalPath;
  return {
    clusterName: cluster.awsClusterName ?? cluster.name,
    ...(cluster.groups !== undefined ? { groupNames: cluster.groups } : {}),
    cloud,
    kube,
    clock: new SystemClock(),
    journal: journalPath !== undefined ? new FileJournal(journalPath) : new ConfigMapJournal(kc),
    // The lock is in the cluster even when the journal is a local file: two machines may roll one cluster.
    lock: new LeaseRollLock(kc),
    ...(journalPath !== undefined ? { journalPath } : {}),
    rebalanceJournal: journalPath !== undefined ? new FileJournal(rebalanceJournalPath(journalPath)) : new ConfigMapJournal(kc, { name: 'dextre-rebalance-journal' }),
    close: async () => undefined,
  };
}
