// The roll as a pure state machine: transition(state, event) → { state, effects }. No I/O, no clock:
// time arrives in events. The engine journals the state after every transition and interprets the
// effects; a resumed roll feeds `Resumed` and gets back every effect that was in flight.
import { assertNever } from '../errors.js';
import { checkDrained, evictionRefused, podEvicted, podGone, podReplaced, podsListed, scheduleEvictions } from './drain.js';
import { advanceDrain, terminateDrainedNodes } from './drain-mode.js';
import type { Effect, RollEvent } from './effects.js';
import { effectFailed, nodeDeleted, timerFired } from './incidents.js';
import { softTaintPatch } from './marks.js';
import { advanceGroups, isProtected, joinedCount, pairRest, sizeRead } from './pipeline.js';
import { nodeNotReady, nodeReady, prepullFinished, replacementProtected } from './replacements.js';
import { advanceRestore, unwind, unwindNode } from './restore.js';
import type { RollState } from './state.js';
import { Step } from './step.js';
import { pauseOutsideWindow } from './window-pause.js';

export interface Transition {
  state: RollState;
  effects: Effect[];
}

/** Events answering a standing effect leave it in flight. */
const STANDING_ANSWERS = new Set(['NodeReady', 'NodeNotReady', 'NodeDeleted']);

export function transition(state: RollState, event: RollEvent): Transition {
  const step = new Step(structuredClone(state));
  const { s } = step;
  if (s.phase === 'finished') return { state, effects: [] };
  s.now = Math.max(s.now, event.at);
  let answered: Effect | undefined;
  if ('key' in event) {
    answered = s.inflight[event.key];
    // An answer to an effect no longer in flight (cancelled, or answered before a resume) changes nothing;
    // nor does a timer that fired before the moment it was last set for (a stale firing of a re-armed key;
    // a second of slack, as a real clock rounds).
    if (answered === undefined) return { state, effects: [] };
    if (event.type === 'TimerFired' && answered.type === 'StartTimer' && event.at < answered.at - 1) return { state, effects: [] };
    if (!STANDING_ANSWERS.has(event.type)) delete s.inflight[event.key];
  }
  const wasFailing = step.failing;
  handle(step, event);
  if (!wasFailing && step.failing) unwind(step);
  advance(step);
  stampInflight(s);
  return { state: s, effects: step.effects };
}

/** Records when each effect now in flight was first issued, and forgets the answered ones. */
function stampInflight(s: RollState): void {
  const since: Record<string, number> = {};
  for (const key of Object.keys(s.inflight)) since[key] = s.inflightSince?.[key] ?? s.now;
  s.inflightSince = since;
}

function handle(step: Step, event: RollEvent): void {
  const { s } = step;
  switch (event.type) {
    case 'RollStarted':
      return start(step);
    case 'Resumed':
      for (const effect of Object.values(s.inflight)) step.effects.push(effect);
      return;
    case 'AbortRequested':
      return step.fail({ code: 'INTERRUPTED', message: `The roll was interrupted (${event.reason}).` }, [], 'interrupted');
    case 'ProcessesSuspended': {
      const g = s.groups[event.group];
      if (g) g.suspended = true;
      return;
    }
    case 'ProcessesResumed': {
      const g = s.groups[event.group];
      if (g) g.restored = 'done';
      return;
    }
    case 'GroupSizeRead': {
      const g = s.groups[event.group];
      if (!g) return;
      sizeRead(step, g, event.desired);
      if (event.key.startsWith('restore-read:')) {
        g.restored = 'read';
        if (event.zones) g.zonesAtRestore = event.zones;
      }
      return;
    }
    case 'GroupResized': {
      const g = s.groups[event.group];
      if (!g) return;
      if (event.key.startsWith('restore-size:')) g.restored = 'resized';
      else if (event.key.startsWith('protect-size:')) g.minLowered = true;
      else g.launchedConfirmed = g.launched;
      return;
    }
    case 'InstanceTerminating': {
      const node = Object.values(s.nodes).find((n) => n.instanceId === event.instanceId);
      const g = s.groups[event.group];
      if (node && g && node.status === 'terminating') {
        node.status = 'terminated';
        g.terminated++;
      }
      return;
    }
    case 'NodePatched':
      return nodePatched(step, event.node, event.purpose);
    case 'PrepullApplied':
      s.prepull.applied = true;
      return;
    case 'PrepullDeleted':
      s.prepull.deleted = true;
      return;
    case 'PodsListed': {
      const node = s.nodes[event.node];
      if (!node) return;
      if (step.failing) return unwindNode(step, node);
      return podsListed(step, node, event.pods, event.existingControllers);
    }
    case 'PodEvicted': {
      const pod = s.pods[event.uid];
      if (pod?.status === 'evicting') podEvicted(step, pod);
      return;
    }
    case 'PodNotFound': {
      const pod = s.pods[event.uid];
      if (pod) podGone(step, pod, true);
      return;
    }
    case 'EvictionRefused': {
      const pod = s.pods[event.uid];
      if (pod) evictionRefused(step, pod, event.pdbs, event.message, event.multiple);
      return;
    }
    case 'NodeReady':
      return nodeReady(step, event.group, event.node, event.instanceId, event.zone);
    case 'NodeNotReady':
      return nodeNotReady(step, event.node);
    case 'NodeDeleted':
      return nodeDeleted(step, event.node);
    case 'NodePrepulled': {
      const r = s.replacements[event.node];
      if (r) prepullFinished(step, r, event.failures);
      return;
    }
    case 'PodGone': {
      const pod = s.pods[event.uid];
      if (pod) podGone(step, pod);
      return;
    }
    case 'WorkloadReady': {
      const pod = s.pods[event.uid];
      if (pod) podReplaced(step, pod);
      return;
    }
    case 'TimerFired':
      return timerFired(step, event.key);
    case 'EffectFailed':
      return effectFailed(step, event.key, event.error);
    default:
      return assertNever(event);
  }
}

function start(step: Step): void {
  const { s } = step;
  // A drain launches nothing: no replacement to watch for.
  if (s.drain === undefined) step.issue({ type: 'WatchGroupNodes', key: 'watch-nodes', groups: [...s.groupOrder] });
  for (const name of s.groupOrder) {
    const g = s.groups[name];
    if (!g) continue;
    if (g.suspendedByDextre.length > 0) {
      step.issue({ type: 'SuspendProcesses', key: `suspend:${name}`, group: name, processes: g.suspendedByDextre });
    }
    if (g.rollMin !== g.original.min) {
      const { max, desired } = g.original;
      step.issue({ type: 'SetGroupSize', key: `protect-size:${name}`, group: name, min: g.rollMin, max, desired });
    }
  }
  if (s.drain !== undefined) return; // a drain leaves no mark but the cordon, and pre-pulls nothing
  for (const name of s.nodeOrder) {
    step.issue({ type: 'PatchNode', key: `soft-taint:${name}`, node: name, purpose: 'soft-taint', patch: softTaintPatch });
  }
  if (s.settings.prepull && s.prepull.manifests.length > 0) {
    step.issue({ type: 'ApplyPrepull', key: 'prepull', manifests: s.prepull.manifests });
  }
}

function nodePatched(step: Step, name: string, purpose: string): void {
  const { s } = step;
  const node = s.nodes[name];
  const r = s.replacements[name];
  switch (purpose) {
    case 'soft-taint':
      if (!node) return;
      node.softTainted = true;
      if (step.failing) unwindNode(step, node);
      return;
    case 'cordon':
      if (!node || node.status !== 'cordoning') return;
      if (step.failing) return unwindNode(step, node);
      node.status = 'listing';
      // A drain lists once every named node is cordoned (drain-mode.ts); a roll lists at once.
      if (s.drain === undefined) step.issue({ type: 'ListPodsOnNode', key: `list:${name}`, node: name });
      return;
    case 'uncordon':
      if (node) {
        node.status = 'uncordoned';
        node.softTainted = false;
      }
      return;
    case 'protect-replacement':
      if (r) replacementProtected(step, r);
      return;
    case 'unprotect-replacement':
      if (r) r.unprotected = true;
      return;
  }
}

function advance(step: Step): void {
  const { s } = step;
  if (s.phase === 'protecting' && s.groupOrder.every((g) => { const group = s.groups[g]; return group !== undefined && isProtected(group); })) {
    s.phase = 'rolling';
  }
  if (s.phase === 'protecting' && step.failing) s.phase = 'restoring';
  if (s.phase === 'rolling') {
    pauseOutsideWindow(step);
    if (step.failing) s.phase = 'restoring';
    else if (s.drain !== undefined) {
      if (advanceDrain(step)) s.phase = 'restoring';
    } else {
      advanceGroups(step);
      scheduleEvictions(step);
      for (const name of s.nodeOrder) {
        const node = s.nodes[name];
        if (node) checkDrained(step, node);
      }
      if (rolled(s)) {
        s.phase = 'restoring';
        pairRest(s);
        // Nothing is left to cordon: a late replacement need not finish its pre-pull.
        for (const key of Object.keys(s.inflight)) {
          if (key.startsWith('prepull:') || key.startsWith('prepull-timeout:')) step.cancel(key);
        }
      }
    }
  }
  if (s.phase === 'restoring') {
    if (s.drain !== undefined) terminateDrainedNodes(step);
    else advanceGroups(step);
    advanceRestore(step);
  }
}

/** Every old node is gone, every moved pod serves again, and every replacement asked for has joined. */
function rolled(s: RollState): boolean {
  return (
    s.nodeOrder.every((n) => s.nodes[n]?.status === 'terminated') &&
    Object.keys(s.pods).length === 0 &&
    s.groupOrder.every((g) => {
      const group = s.groups[g];
      return group !== undefined && joinedCount(s, g) >= group.launched;
    })
  );
}
