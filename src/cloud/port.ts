// The cloud port: an Auto Scaling group's view of the nodes. Adapters: the simulator (src/sim) and,
// later, the AWS SDK v3. Every call is idempotent so a resumed roll can re-issue it.
import type { LaunchTemplate, NodeGroup } from '../core/model.js';

export interface GroupSize {
  min: number;
  max: number;
  desired: number;
}

export interface NodeGroupCloud {
  /** Groups tagged for the cluster (`kubernetes.io/cluster/<name>`, `eks:cluster-name`, `KubernetesCluster`), or those named. */
  describeGroups(filter: { cluster: string; names?: string[] }): Promise<NodeGroup[]>;
  describeLaunchTemplates(ids: string[]): Promise<LaunchTemplate[]>;
  /** UpdateAutoScalingGroup with absolute values (idempotent). */
  setGroupSize(group: string, size: GroupSize): Promise<void>;
  suspendProcesses(group: string, processes: string[]): Promise<void>;
  resumeProcesses(group: string, processes: string[]): Promise<void>;
  /**
   * TerminateInstanceInAutoScalingGroup with ShouldDecrementDesiredCapacity=true.
   * `already-gone` when the instance is terminating, terminated or unknown (a re-issue after a crash).
   */
  terminateInstance(instanceId: string): Promise<'terminating' | 'already-gone'>;
}
