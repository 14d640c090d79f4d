// Image pulls with finite bandwidth per node. Concurrent pulls share the node's bandwidth equally
// (processor sharing): whenever the set of active pulls changes, every pull's progress is brought up to
// date and the next completion is rescheduled. This congestion is what dextre's pre-pull cures: a fresh
// node receiving many pods at once is slower than a warmed one. Pulls of one image are deduplicated
// (a pod needing an image already being pulled waits for that pull), as the kubelet's image manager does.
import type { EventQueue, Scheduled } from '../queue.js';
import type { SimNode } from '../state.js';

/** Images the fixture does not list (a manifest's pause or helper image): small public images. */
export const UNLISTED_IMAGE_MIB = 5;

/**
 * A pull with less than this many seconds of its share left counts as done. Epoch-second floats resolve
 * only ~2e-7 s, so the residue of the sharing arithmetic must not be rescheduled at the same instant.
 */
const TIME_TOLERANCE = 1e-3;

interface ActivePull {
  image: string;
  remainingMiB: number;
  done: (() => void)[];
}

interface NodePulls {
  node: SimNode;
  active: Map<string, ActivePull>;
  /** When `remainingMiB` was last brought up to date. */
  updatedAt: number;
  next?: Scheduled | undefined;
}

export class ImagePuller {
  private readonly byNode = new Map<string, NodePulls>();

  constructor(
    private readonly queue: EventQueue,
    private readonly sizeOf: (image: string) => number,
  ) {}

  /** Whether `image` is being pulled onto `node`. */
  pulling(node: string, image: string): boolean {
    return this.byNode.get(node)?.active.has(image) ?? false;
  }

  /** Pulls `image` onto the node (or joins the pull under way) and calls `done` once it is on disk. */
  pull(sn: SimNode, image: string, done: () => void): void {
    if (sn.images.has(image)) {
      done();
      return;
    }
    let np = this.byNode.get(sn.node.name);
    if (!np) {
      np = { node: sn, active: new Map(), updatedAt: this.queue.now };
      this.byNode.set(sn.node.name, np);
    }
    const existing = np.active.get(image);
    if (existing) {
      existing.done.push(done);
      return;
    }
    this.progress(np);
    np.active.set(image, { image, remainingMiB: this.sizeOf(image), done: [done] });
    this.complete(np);
  }

  /** The node is gone: its pulls end with it. */
  forget(node: string): void {
    const np = this.byNode.get(node);
    if (!np) return;
    this.queue.cancel(np.next);
    this.byNode.delete(node);
  }

  /** Brings every active pull's remaining size up to now at the share each had since the last update. */
  private progress(np: NodePulls): void {
    const elapsed = this.queue.now - np.updatedAt;
    np.updatedAt = this.queue.now;
    if (elapsed <= 0 || np.active.size === 0) return;
    const share = (np.node.pullMiBps / np.active.size) * elapsed;
    for (const pull of np.active.values()) pull.remainingMiB = Math.max(0, pull.remainingMiB - share);
  }

  /** Finishes the pulls that are done, then schedules the next completion at the current share. */
  private complete(np: NodePulls): void {
    this.queue.cancel(np.next);
    np.next = undefined;
    const share = np.node.pullMiBps / Math.max(1, np.active.size);
    const finished = [...np.active.values()].filter((p) => p.remainingMiB <= share * TIME_TOLERANCE);
    for (const pull of finished) {
      np.active.delete(pull.image);
      np.node.images.add(pull.image);
    }
    if (np.active.size > 0) {
      const smallest = Math.min(...[...np.active.values()].map((p) => p.remainingMiB));
      const seconds = (smallest * np.active.size) / np.node.pullMiBps;
      np.next = this.queue.after(seconds, `pull on ${np.node.node.name}`, () => {
        this.progress(np);
        this.complete(np);
      });
    } else {
      this.byNode.delete(np.node.node.name);
    }
    // Waiters run last: they may start further pulls on this node, which must see the state settled.
    for (const pull of finished) for (const done of pull.done) done();
  }
}
