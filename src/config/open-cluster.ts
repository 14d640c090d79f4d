// Opening a real cluster: the kubeconfig and context, the AWS clients, the wall clock, and the journal
// in a ConfigMap of the cluster (or the file named with --journal). Loaded only for real clusters, so
// the simulator and `--help` never pay for the SDKs.
import type { KubeConfig } from '@kubernetes/client-node';
import { createAwsCloud } from '../cloud/aws/index.js';
import { SystemClock } from '../clock/system.js';
import type { JournalStore, RollLock } from '../engine/api.js';
import { FileJournal } from '../engine/journal-file.js';
import { createKubeCluster } from '../kube/client/cluster.js';
import { ConfigMapJournal } from '../kube/client/journal.js';
import { LeaseRollLock } from '../kube/client/roll-lock.js';
import { loadKubeConfig } from '../kube/client/kubeconfig.js';
import { rebalanceJournalPath, type ResolvedTarget, type Target } from './target.js';

type ClusterTarget = Extract<ResolvedTarget, { kind: 'cluster' }>;

export async function openCluster(resolved: ClusterTarget): Promise<Target> {
  const { cluster } = resolved;
  const kc = await kubeConfigOf(resolved);
  const cloud = await createAwsCloud({
    ...(cluster.region !== undefined ? { region: cluster.region } : {}),
    ...(cluster.profile !== undefined ? { profile: cluster.profile } : {}),
  });
  const kube = createKubeCluster(kc);
  const journalPath = resolved.journalPath;
  return {
    ...records(resolved, kc),
    ...(cluster.groups !== undefined ? { groupNames: cluster.groups } : {}),
    cloud,
    kube,
    clock: new SystemClock(),
    ...(journalPath !== undefined ? { journalPath } : {}),
    rebalanceJournal: journalPath !== undefined ? new FileJournal(rebalanceJournalPath(journalPath)) : new ConfigMapJournal(kc, { name: 'dextre-rebalance-journal' }),
    close: async () => undefined,
  };
}

/** What a roll leaves in the cluster for others to read: its journal and its lock. */
export interface ClusterRecords {
  /** The cluster's name in the Auto Scaling groups' tags (the name the journal records). */
  clusterName: string;
  journal: JournalStore;
  lock: RollLock;
}

/** Only the journal and the lock, for `dextre status`: read-only, and no AWS client. */
export async function openClusterRecords(resolved: ClusterTarget): Promise<ClusterRecords> {
  return records(resolved, await kubeConfigOf(resolved));
}

function records(resolved: ClusterTarget, kc: KubeConfig): ClusterRecords {
  const journalPath = resolved.journalPath;
  return {
    clusterName: resolved.cluster.awsClusterName ?? resolved.cluster.name,
    journal: journalPath !== undefined ? new FileJournal(journalPath) : new ConfigMapJournal(kc),
    // The lock is in the cluster even when the journal is a local file: two machines may roll one cluster.
    lock: new LeaseRollLock(kc),
  };
}

async function kubeConfigOf({ cluster }: ClusterTarget): Promise<KubeConfig> {
  // Without a context in dextre.yaml or --context, the cluster's name is the kube context's name.
  const { kc } = await loadKubeConfig({ ...(cluster.kubeconfig !== undefined ? { kubeconfig: cluster.kubeconfig } : {}), context: cluster.context ?? cluster.name });
  return kc;
}
