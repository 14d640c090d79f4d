// What the roll does when something happens that it did not ask for, or did not get: a node removed by
// someone else, a timer running out, an effect failing for good. Each leaves the state so that the restore
// path can still finish.
import { dropPodsOf, drainTimedOut, replacementTimedOut } from './drain.js';
import type { ErrorInfo } from './effects.js';
import { launchProgressed, launchTimedOut, takeBackLostLaunches } from './pipeline.js';
import { prepullFinished, prepullTimedOut } from './replacements.js';
import { restoreEffectFailed, unwindNode } from './restore.js';
import type { Step } from './step.js';

export function nodeDeleted(step: Step, name: string): void {
  const { s } = step;
  const r = s.replacements[name];
  if (r && r.status !== 'deleted') {
    r.status = 'deleted';
    step.warn(`replacement node ${name} was deleted by someone else during the roll`);
    step.cancel(`prepull:${name}`);
    step.cancel(`prepull-timeout:${name}`);
    const g = s.groups[r.group];
    // If desired went down with it (read before or after this), the launch is taken back and made again.
    if (g) {
      g.replacementsLost = (g.replacementsLost ?? 0) + 1;
      takeBackLostLaunches(step, g);
    }
    // While the roll launches, a launch is missing again: the launch timeout watches for it. Once it
    // restores (replacements unprotected, AZRebalance resumed) no launch is owed: the group's own
    // processes and cluster-autoscaler may remove a node, and the roll must not wait for its return.
    if (g && (s.phase === 'protecting' || s.phase === 'rolling')) launchProgressed(step, g);
  }
  const node = s.nodes[name];
  if (!node || node.status === 'terminated' || node.status === 'terminating') return;
  // Removed by another actor (cluster-autoscaler, a person): nothing left to move; count it as gone.
  step.warn(`node ${name} was removed by someone else during the roll; dextre counts it as replaced`);
  dropPodsOf(step, node);
  node.status = 'terminated';
  const g = s.groups[node.group];
  if (g) g.terminated++;
  for (const key of [`cordon:${name}`, `list:${name}`, `drain-timeout:${name}`]) step.cancel(key);
}

export function timerFired(step: Step, key: string): void {
  const { s } = step;
  const [kind, id = ''] = key.split(/:(.*)/s);
  switch (kind) {
    case 'drain-timeout': {
      const node = s.nodes[id];
      if (node) drainTimedOut(step, node);
      return;
    }
    case 'ready-timeout': {
      const pod = s.pods[id];
      if (pod) replacementTimedOut(step, pod);
      return;
    }
    case 'evict-retry': {
      const pod = s.pods[id];
      if (pod?.status === 'backoff') pod.status = 'waiting';
      return;
    }
    case 'prepull-timeout': {
      const r = s.replacements[id];
      if (r) prepullTimedOut(step, r);
      return;
    }
    case 'launch-timeout':
      return launchTimedOut(step, id);
  }
}

/**
 * An effect failed for good (the engine already retried transient errors). The roll stops, and what the
 * effect left undone is recorded so that the restore path can still finish: a node is never left in a
 * status that waits for an answer that will not come.
 */
export function effectFailed(step: Step, key: string, error: ErrorInfo): void {
  const { s } = step;
  const [kind = '', id = ''] = key.split(/:(.*)/s);
  if (kind.startsWith('restore')) return restoreEffectFailed(step, key, error.message);
  switch (kind) {
    case 'prepull': {
      const r = s.replacements[id];
      if (r) prepullFinished(step, r, [{ image: '(all)', reason: error.message }]);
      return;
    }
    case 'size': {
      // Auto Scaling refused the new desired: the launch did not happen.
      const g = s.groups[id];
      if (g) g.launched = g.launchedConfirmed;
      break;
    }
    case 'terminate': {
      const node = s.nodes[id];
      if (node) {
        node.status = 'failed';
        node.keepCordoned = true;
        step.warn(`node ${id} is drained but its instance ${node.instanceId} could not be terminated (${error.message}); it stays cordoned`);
      }
      break;
    }
    case 'uncordon': {
      const node = s.nodes[id];
      if (node) {
        node.status = 'failed';
        node.keepCordoned = true;
        step.warn(`node ${id} could not be uncordoned (${error.message}); run: kubectl uncordon ${id}`);
      }
      break;
    }
    case 'cordon':
    case 'list': {
      const node = s.nodes[id];
      if (!node) break;
      node.status = 'failed';
      step.fail(error);
      return unwindNode(step, node);
    }
    case 'protect': {
      const r = s.replacements[id];
      if (r) r.status = 'warm';
      break;
    }
  }
  step.fail(error);
}
