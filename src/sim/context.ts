// The simulator's components, wired together once (build.ts). Each one reaches the others through this
// context, so the cycle (the scheduler binds, the kubelet starts, a controller replaces, …) needs no
// import cycle at run time.
import type { AutoScaling } from './aws/asg.js';
import type { AzRebalance } from './aws/azrebalance.js';
import type { ClusterAutoscaler } from './kube/autoscaler.js';
import type { Controllers } from './kube/controllers.js';
import type { DaemonSets } from './kube/daemonsets.js';
import type { Disruption } from './kube/disruption.js';
import type { Kubelet } from './kube/kubelet.js';
import type { Scheduler } from './kube/scheduler.js';
import type { Observer } from './observer.js';
import type { EventQueue } from './queue.js';
import type { World } from './world.js';

export interface SimContext {
  world: World;
  queue: EventQueue;
  asg: AutoScaling;
  azRebalance: AzRebalance;
  kubelet: Kubelet;
  scheduler: Scheduler;
  controllers: Controllers;
  daemonsets: DaemonSets;
  disruption: Disruption;
  autoscaler: ClusterAutoscaler;
  observer: Observer;
}
