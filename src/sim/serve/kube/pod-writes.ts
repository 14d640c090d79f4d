// DELETE of a pod and POST pods/NAME/eviction, through the in-process adapter (SimKube) so the world,
// the action log and the simulator's observer see exactly what an in-process deletePod or evictPod does.
// The API server's side is added here: preconditions (409), a delete's grace period shorter than the pod's
// own (an eviction's grace period goes to the adapter, which honours it as in process), dry runs (decided,
// not applied), and the answers of registry/core/pod/storage/eviction.go: 201 Success;
// 429 naming the budget; a 500 Failure Status (no reason, as upstream) for several budgets; 404.
// Simplified: a UID precondition that does not match is answered 409 before any budget is consulted
// (upstream checks the budget first and the precondition when it deletes).
import { decideEviction } from '../../../core/pdb.js';
import type { SimKube } from '../../adapters.js';
import type { SimContext } from '../../context.js';
import type { SimPod } from '../../state.js';
import { isObject, numberAt, objectAt, stringAt, type Json, type JsonObject } from './json.js';
import type { WorldMirror } from './mirror.js';
import { RID, type ResourceDef } from './resources.js';
import { badRequest, failureStatus, notFound, tooManyRequests } from './status.js';
import type { ObjectStore } from './store.js';
import { checkPreconditions, deleteOptionsOf, isDryRun, type DeleteOptions } from './write-common.js';

const PDB_REFUSAL = "Cannot evict pod as it would violate the pod's disruption budget.";
const EVICTION_VERSIONS = ['policy/v1', 'policy/v1beta1'];

export class PodWrites {
  constructor(
    private readonly ctx: SimContext,
    private readonly kube: SimKube,
    private readonly store: ObjectStore,
    private readonly mirror: WorldMirror,
    private readonly def: ResourceDef,
  ) {}

  /** DELETE: 200 with the pod as it is now (terminating), or as it was when it went at once. */
  async delete(namespace: string, name: string, options: DeleteOptions): Promise<JsonObject> {
    const { sp, object } = this.find(namespace, name);
    checkPreconditions(this.def, namespace, name, object, options);
    if (options.dryRun) return object;
    await this.kube.deletePod(namespace, name);
    this.applyGrace(sp, options.gracePeriodSeconds);
    return this.store.get(RID.pods, namespace, name) ?? object;
  }

  /** POST pods/NAME/eviction with a policy/v1 (or v1beta1) Eviction. */
  async evict(namespace: string, name: string, body: Json, query: URLSearchParams): Promise<{ code: number; body: JsonObject }> {
    if (!isObject(body)) throw badRequest('not a Eviction object');
    const apiVersion = stringAt(body, 'apiVersion');
    if (stringAt(body, 'kind') !== undefined && stringAt(body, 'kind') !== 'Eviction') throw badRequest(`not a Eviction object: ${stringAt(body, 'kind') ?? ''}`);
    if (apiVersion !== undefined && !EVICTION_VERSIONS.includes(apiVersion)) throw badRequest(`the API version in the data (${apiVersion}) does not match the expected API version (policy/v1)`);
    if (stringAt(body, 'metadata', 'name') !== name) throw badRequest('name in URL does not match name in Eviction object');
    const options = deleteOptionsOf(query, objectAt(body, 'deleteOptions'));
    if (isDryRun(query)) options.dryRun = true;
    const existing = this.ctx.world.pods.get(`${namespace}/${name}`);
    const before = this.store.get(RID.pods, namespace, name);
    if (before && options.resourceVersion !== undefined) checkPreconditions(this.def, namespace, name, before, { resourceVersion: options.resourceVersion });
    if (options.dryRun) {
      if (before && options.uid !== undefined) checkPreconditions(this.def, namespace, name, before, { uid: options.uid });
      return this.dryRun(namespace, name);
    }
    // The UID precondition goes to the adapter as in process (which logs the eviction as not-found);
    // the API server answers it with the storage layer's 409.
    const outcome = await this.kube.evictPod(namespace, name, options.uid, options.gracePeriodSeconds);
    if (outcome.result === 'not-found' && before && existing && options.uid !== undefined) checkPreconditions(this.def, namespace, name, before, { uid: options.uid });
    switch (outcome.result) {
      case 'evicted':
        if (existing && options.gracePeriodSeconds !== undefined) this.showGrace(existing, before, options.gracePeriodSeconds);
        return { code: 201, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 } };
      case 'refused-by-pdb': {
        const cause = outcome.message.startsWith(PDB_REFUSAL) ? outcome.message.slice(PDB_REFUSAL.length).trim() : outcome.message;
        throw tooManyRequests(PDB_REFUSAL, [{ reason: 'DisruptionBudget', message: cause }]);
      }
      case 'multiple-pdbs':
        throw failureStatus(500, outcome.message);
      case 'not-found':
        throw notFound(this.def.gr, name);
    }
  }

  /** The answer an eviction would get, without evicting (dryRun=All). */
  private dryRun(namespace: string, name: string): { code: number; body: JsonObject } {
    const { sp } = this.find(namespace, name);
    const decision = decideEviction(sp.pod, this.ctx.disruption.forPod(sp));
    switch (decision.verdict) {
      case 'allow':
      case 'already-terminating':
        return { code: 201, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 } };
      case 'refuse':
        throw tooManyRequests(PDB_REFUSAL, [{ reason: 'DisruptionBudget', message: `The disruption budget ${decision.pdb.name} needs ${decision.pdb.status.desiredHealthy} healthy pods and has ${decision.pdb.status.currentHealthy} currently` }]);
      case 'multiple-pdbs':
        throw failureStatus(500, decision.message);
    }
  }

  private find(namespace: string, name: string): { sp: SimPod; object: JsonObject } {
    const sp = this.ctx.world.pods.get(`${namespace}/${name}`);
    const object = this.store.get(RID.pods, namespace, name);
    if (!sp || !object) throw notFound(this.def.gr, name);
    return { sp, object };
  }

  /**
   * The grace period an eviction set, as deletionGracePeriodSeconds shows it: the one given to a pod that
   * was running, or the shorter of the two for a pod already terminating (the adapter applied it).
   */
  private showGrace(sp: SimPod, before: JsonObject | undefined, seconds: number): void {
    if (sp.pod.deletionTimestamp === undefined || this.ctx.world.pods.get(sp.key) !== sp) return;
    const previous = before === undefined ? undefined : numberAt(before, 'metadata', 'deletionGracePeriodSeconds');
    this.mirror.setDeletionGrace(sp.pod, previous === undefined ? seconds : Math.min(previous, seconds));
  }

  /** A delete's grace period shorter than the pod's own: the kubelet stops it sooner (0: gone at once). */
  private applyGrace(sp: SimPod, seconds: number | undefined): void {
    if (seconds === undefined || seconds >= sp.pod.terminationGracePeriodSeconds) return;
    if (sp.pod.deletionTimestamp === undefined || this.ctx.world.pods.get(sp.key) !== sp) return;
    this.mirror.setDeletionGrace(sp.pod, seconds);
    this.ctx.kubelet.shortenGrace(sp, seconds);
  }
}
