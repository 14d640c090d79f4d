// The simulator's single event queue: a min-heap ordered by virtual time, then by insertion sequence,
// so two runs of the same script run the same items in the same order (determinism). Every timer in
// the world — a boot, a pull, a grace period, a `clock.sleep` — is one item here. A settled world has
// nothing queued: recurring checks are armed by the changes that could make them act.

export interface Scheduled {
  readonly at: number;
  readonly seq: number;
  readonly label: string;
  cancelled: boolean;
  readonly run: () => void;
}

export class EventQueue {
  private heap: Scheduled[] = [];
  private seq = 0;
  private live = 0;
  /** Virtual epoch seconds. */
  now: number;

  constructor(start: number) {
    this.now = start;
  }

  /** Runs `run` at `at` (never earlier than now). `label` names the item for debugging. */
  at(at: number, label: string, run: () => void): Scheduled {
    const item: Scheduled = { at: Math.max(at, this.now), seq: this.seq++, label, cancelled: false, run };
    this.push(item);
    this.live++;
    return item;
  }

  /** Runs `run` after `seconds` of virtual time. */
  after(seconds: number, label: string, run: () => void): Scheduled {
    return this.at(this.now + Math.max(0, seconds), label, run);
  }

  /** Cancels a scheduled item (lazily: it stays in the heap but never runs). Safe to call twice. */
  cancel(item: Scheduled | undefined): void {
    if (!item || item.cancelled) return;
    item.cancelled = true;
    this.live--;
  }

  /** Items still to run. */
  get size(): number {
    return this.live;
  }

  /** The time of the next live item, or undefined when nothing is scheduled. */
  nextTime(): number | undefined {
    this.dropCancelled();
    return this.heap[0]?.at;
  }

  /**
   * Jumps to the next scheduled time and runs every item due then, including items they schedule for
   * that same moment. Returns false when nothing is scheduled.
   */
  step(): boolean {
    const next = this.nextTime();
    if (next === undefined) return false;
    this.now = Math.max(this.now, next);
    this.runDue();
    return true;
  }

  /** Runs everything due at the current time (and what that schedules for now). */
  runDue(): void {
    for (;;) {
      this.dropCancelled();
      const top = this.heap[0];
      if (!top || top.at > this.now) return;
      this.pop();
      top.cancelled = true;
      this.live--;
      top.run();
    }
  }

  private dropCancelled(): void {
    while (this.heap[0]?.cancelled === true) this.pop();
  }

  private before(a: Scheduled, b: Scheduled): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private push(item: Scheduled): void {
    const heap = this.heap;
    heap.push(item);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as Scheduled;
      if (!this.before(item, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = item;
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop();
    if (last === undefined || heap.length === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let smallest = last;
      let at = -1;
      const left = heap[l];
      const right = heap[r];
      if (left && this.before(left, smallest)) {
        smallest = left;
        at = l;
      }
      if (right && this.before(right, smallest)) {
        smallest = right;
        at = r;
      }
      if (at < 0) break;
      heap[i] = smallest;
      i = at;
    }
    heap[i] = last;
  }
}
