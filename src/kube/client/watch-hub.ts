// One set of informers (nodes and pods) shared by every subscriber of KubeCluster.watch: started by the
// first subscriber, stopped when the last one leaves. A subscription resolves once the informers have
// listed and their watches are open; a subscriber that joins later shares informers already live.
import type { WatchEvent } from '../port.js';

export interface Startable {
  start(): Promise<void>;
  stop(): void;
}

/** Builds the informers; they report changes through `emit`, which fans out to the subscribers. */
export type InformerFactory = (emit: (make: () => WatchEvent) => void) => Startable[];

export class WatchHub {
  private readonly subscribers = new Set<(event: WatchEvent) => void>();
  private informers: Startable[] = [];
  private running: Promise<void> | undefined;

  constructor(private readonly factory: InformerFactory) {}

  async subscribe(handler: (event: WatchEvent) => void): Promise<() => void> {
    // A distinct wrapper per call, so the same handler may subscribe twice and unsubscribe once.
    const wrapped = (event: WatchEvent) => handler(event);
    this.subscribers.add(wrapped);
    try {
      await this.ensureRunning();
    } catch (e: unknown) {
      this.leave(wrapped);
      throw e;
    }
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      this.leave(wrapped);
    };
  }

  private ensureRunning(): Promise<void> {
    if (this.running) return this.running;
    const informers = this.factory((make) => this.dispatch(make));
    this.informers = informers;
    const running = Promise.all(informers.map((i) => i.start())).then(() => undefined);
    this.running = running;
    running.catch(() => {
      // A failed start leaves nothing behind: the next subscriber starts afresh.
      if (this.running === running) this.stopAll();
    });
    return running;
  }

  private dispatch(make: () => WatchEvent): void {
    for (const subscriber of [...this.subscribers]) {
      try {
        subscriber(make());
      } catch {
        // Handlers must not throw (the port says so); one that does must not stop the others.
      }
    }
  }

  private leave(wrapped: (event: WatchEvent) => void): void {
    this.subscribers.delete(wrapped);
    if (this.subscribers.size === 0) this.stopAll();
  }

  private stopAll(): void {
    for (const informer of this.informers) informer.stop();
    this.informers = [];
    this.running = undefined;
  }
}
