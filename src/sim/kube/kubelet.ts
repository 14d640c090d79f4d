// The kubelet of every node: once a pod is bound it pulls the pod's images one after another (init
// containers first, each before it runs, then the main containers in order, as SyncPod starts them),
// starts the containers, and reports Ready after the workload's startup time. Deletions honour the
// grace period: a pod terminates for min(gracePeriodSeconds, stopSeconds), then disappears.
import type { SimContext } from '../context.js';
import { isActive, type PodState, type SimPod } from '../state.js';
import type { Reactor } from '../world.js';
import { ImagePuller } from './pulls.js';

export class Kubelet implements Reactor {
  readonly puller: ImagePuller;

  constructor(private readonly ctx: SimContext) {
    this.puller = new ImagePuller(ctx.queue, (image) => ctx.world.imageSizeMiB(image));
  }

  podAdded(sp: SimPod): void {
    if (sp.pod.nodeName !== undefined && this.ctx.world.live) this.advance(sp);
  }

  podChanged(sp: SimPod, before: PodState): void {
    if (before.nodeName === undefined && sp.pod.nodeName !== undefined && this.ctx.world.live) this.advance(sp);
  }

  nodeRemoved(sn: { node: { name: string } }): void {
    this.puller.forget(sn.node.name);
  }

  /** Load time: the pod is already running, its images on the node's disk. */
  startInstantly(sp: SimPod): void {
    const sn = this.ctx.world.nodes.get(sp.pod.nodeName ?? '');
    if (!sn) return;
    for (const image of steps(sp)) sn.images.add(image);
    sp.run.step = steps(sp).length;
    sp.run.started = true;
    // Its history before the load: the containers started `startupSeconds` before it turned Ready now.
    const now = this.ctx.world.now;
    sp.run.startedAt = now - sp.template.startupSeconds;
    this.ctx.world.updatePod(sp, (p) => {
      p.phase = 'Running';
      p.ready = true;
      p.startupSeconds = Math.floor(now) - Math.floor(now - sp.template.startupSeconds);
    });
    if (sp.runSeconds !== undefined) this.schedule(sp, sp.runSeconds, () => this.succeed(sp));
  }

  /**
   * Starts the pod's deletion: the API server sets deletionTimestamp, the kubelet stops the containers.
   * A pod never bound, or already finished, is deleted at once.
   */
  beginDeletion(sp: SimPod): void {
    const world = this.ctx.world;
    if (sp.pod.deletionTimestamp !== undefined || world.pods.get(sp.key) !== sp) return;
    if (sp.pod.nodeName === undefined || !isActive(sp.pod)) {
      world.removePod(sp);
      return;
    }
    this.ctx.queue.cancel(sp.run.timer);
    sp.run.pulling = undefined;
    world.updatePod(sp, (p) => {
      p.deletionTimestamp = world.now;
    });
    const seconds = Math.min(sp.pod.terminationGracePeriodSeconds, sp.template.stopSeconds);
    sp.run.timer = this.ctx.queue.after(seconds, `terminate ${sp.key}`, () => world.removePod(sp));
  }

  /**
   * A later delete with a shorter grace period (seconds), as the API server allows: the pod, already
   * terminating, is gone within it; 0 removes it at once (a forced deletion).
   */
  shortenGrace(sp: SimPod, seconds: number): void {
    const world = this.ctx.world;
    if (sp.pod.deletionTimestamp === undefined || world.pods.get(sp.key) !== sp) return;
    const remaining = (sp.run.timer?.at ?? world.now) - world.now;
    if (seconds >= remaining) return;
    this.ctx.queue.cancel(sp.run.timer);
    if (seconds <= 0) {
      world.removePod(sp);
      return;
    }
    sp.run.timer = this.ctx.queue.after(seconds, `terminate ${sp.key}`, () => world.removePod(sp));
  }

  /** Runs the pod's next steps: pull what is missing, then start the containers. */
  private advance(sp: SimPod): void {
    const world = this.ctx.world;
    const sn = world.nodes.get(sp.pod.nodeName ?? '');
    if (!sn || world.pods.get(sp.key) !== sp || sp.pod.deletionTimestamp !== undefined || sp.run.started) return;
    const images = steps(sp);
    while (sp.run.step < images.length) {
      const image = images[sp.run.step] as string;
      if (sn.images.has(image)) {
        sp.run.step++;
        continue;
      }
      const failure = this.pullFailure(sp, image);
      if (failure !== undefined) {
        world.updatePod(sp, (p) => {
          p.imagePullFailures.push({ image, reason: failure });
        });
        return; // ErrImagePull: the pod never starts (the simulator does not retry with back-off)
      }
      sp.run.pulling = image;
      this.puller.pull(sn, image, () => {
        if (sp.run.pulling !== image) return; // deleted or moved on meanwhile
        sp.run.pulling = undefined;
        this.advance(sp);
      });
      return;
    }
    sp.run.started = true;
    sp.run.startedAt = world.now;
    world.updatePod(sp, (p) => {
      p.phase = 'Running';
    });
    this.schedule(sp, sp.template.startupSeconds, () => this.becomeReady(sp));
  }

  private becomeReady(sp: SimPod): void {
    // In whole seconds, as the status's timestamps give it (the served face renders those).
    const startup = Math.floor(this.ctx.world.now) - Math.floor(sp.run.startedAt ?? this.ctx.world.now);
    this.ctx.world.updatePod(sp, (p) => {
      p.ready = true;
      p.startupSeconds = startup;
    });
    if (sp.runSeconds !== undefined) this.schedule(sp, sp.runSeconds, () => this.succeed(sp));
  }

  /** A Job's pod finished its work. */
  private succeed(sp: SimPod): void {
    this.ctx.world.updatePod(sp, (p) => {
      p.phase = 'Succeeded';
      p.ready = false;
    });
  }

  private schedule(sp: SimPod, seconds: number, run: () => void): void {
    this.ctx.queue.cancel(sp.run.timer);
    if (seconds <= 0) {
      sp.run.timer = undefined;
      run();
      return;
    }
    sp.run.timer = this.ctx.queue.after(seconds, `kubelet ${sp.key}`, () => {
      sp.run.timer = undefined;
      if (this.ctx.world.pods.get(sp.key) === sp && sp.pod.deletionTimestamp === undefined) run();
    });
  }

  /** Why the image cannot be pulled for this pod (ErrImagePull), or undefined. */
  private pullFailure(sp: SimPod, image: string): string | undefined {
    const spec = this.ctx.world.images.get(image);
    if (spec?.pullable === false) return 'ErrImagePull';
    if (spec?.pullSecret !== undefined && !sp.pod.imagePullSecrets.includes(spec.pullSecret)) return 'ErrImagePull';
    return undefined;
  }
}

function steps(sp: SimPod): string[] {
  return [...sp.template.initImages, ...sp.template.images];
}
