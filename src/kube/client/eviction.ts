// The Eviction API's answers (pkg/registry/core/pod/storage/eviction.go) read as EvictionOutcomes:
//   201/200  the pod is being deleted (200 also when it already was)
//   429      TooManyRequests "Cannot evict pod as it would violate the pod's disruption budget." with a
//            cause {reason: DisruptionBudget, message: "The disruption budget NAME needs N healthy pods
//            and has M currently"} (or "… is still being processed by the server.")
//   500      InternalError "This pod has more than one PodDisruptionBudget, which the eviction
//            subresource does not support." (the budgets are not named: the caller finds them)
//   404      the pod is gone
//   409      a failed UID precondition: the pod of that name is another one, the one meant is gone
// A 429 without a DisruptionBudget cause is API throttling (priority and fairness), not a PDB.
import type { EvictionOutcome } from '../port.js';
import type { KubeStatus } from './errors.js';

const BUDGET_NAME = /^The disruption budget (\S+) /;
const MULTIPLE_PDBS = /more than one PodDisruptionBudget/i;
const INTERNAL_PREFIX = /^Internal error occurred: /;

/** How a failed eviction reads, or undefined when the failure is not an eviction answer (map it as an error). */
export function evictionFailure(
  code: number,
  status: KubeStatus,
  withUid: boolean,
): Exclude<EvictionOutcome, { result: 'evicted' | 'multiple-pdbs' }> | { result: 'multiple-pdbs'; message: string } | undefined {
  if (code === 404) return { result: 'not-found' };
  if (withUid && isFailedPrecondition(code, status)) return { result: 'not-found' };
  if (code === 429) {
    const causes = (status.details?.causes ?? []).filter((c) => c.reason === 'DisruptionBudget');
    if (causes.length === 0) return undefined;
    const pdbs = causes.flatMap((c) => {
      const name = BUDGET_NAME.exec(c.message ?? '')?.[1];
      return name ? [name] : [];
    });
    const message = [status.message ?? '', ...causes.map((c) => c.message ?? '')].filter((m) => m !== '').join(' ');
    return { result: 'refused-by-pdb', pdbs, message };
  }
  if (code === 500 && MULTIPLE_PDBS.test(status.message ?? '')) {
    return { result: 'multiple-pdbs', message: (status.message ?? '').replace(INTERNAL_PREFIX, '') };
  }
  return undefined;
}

/** The storage layer's answer to a delete (or eviction) whose preconditions do not hold: 409 "Precondition failed: …". */
export function isFailedPrecondition(code: number, status: KubeStatus): boolean {
  return code === 409 && /precondition/i.test(status.message ?? '');
}
