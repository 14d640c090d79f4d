// Auto Scaling's instance lifecycle states, mapped to the four dextre models. dextre replaces only
// InService instances and leaves every other one alone ("the group is already replacing it"), so a
// state that is not plainly serving maps to Pending or Terminating, never to InService.
//
//   AWS state                                             model         why
//   InService                                             InService
//   Pending, Pending:Wait, Pending:Proceed                Pending       launching (lifecycle hook included)
//   Terminating, Terminating:Wait, Terminating:Proceed,   Terminating   leaving the group
//     Terminating:Retained
//   Detaching                                             Terminating   leaving the group (the instance keeps running)
//   EnteringStandby, Standby                              Pending       out of service by someone's hand; not replaced
//   Quarantined (unused by AWS)                           Pending
//   ReplacingRootVolume[:Wait|:Proceed], RootVolumeReplaced  Pending    an instance refresh is replacing its root volume
//   Warmed:Terminating[:Wait|:Proceed|:Retained]          Terminating   a warm-pool instance leaving
//   other Warmed:* (Pending, Running, Stopped, Hibernated) Pending      in the warm pool, not serving
//   Terminated, Detached, Warmed:Terminated               (dropped)     no longer in the group
//   anything else, or none                                Pending       unknown: never picked for replacement
import type { LifecycleState } from '../../core/model.js';

/** The model's state for an AWS lifecycle state; undefined when the instance is no longer in the group. */
export function modelLifecycle(state: string | undefined): LifecycleState | undefined {
  if (state === undefined) return 'Pending';
  if (state === 'InService') return 'InService';
  if (state === 'Terminated' || state === 'Detached' || state === 'Warmed:Terminated') return undefined;
  if (state === 'Detaching') return 'Terminating';
  const base = state.startsWith('Warmed:') ? state.slice('Warmed:'.length) : state;
  if (base.startsWith('Terminating')) return 'Terminating';
  return 'Pending';
}

/** Whether a TerminateInstanceInAutoScalingGroup would find nothing left to do: the instance is leaving or gone. */
export function isLeaving(state: string | undefined): boolean {
  const model = modelLifecycle(state);
  return model === undefined || model === 'Terminating';
}
