// A core/v1 Event about a node, as the kubelet's node events are made
// (pkg/kubelet/events, NodeRecorder.makeEvent; client-go's record.makeEvent):
//   - in namespace `default` (a Node is cluster-scoped; the API allows default, or kube-system for
//     events with an eventTime), with involvedObject {kind: Node, name, apiVersion: v1};
//   - involvedObject.uid is the node's *name*: `kubectl describe node` searches events by the node's uid
//     and by its name (older kubectl by the name only), so the name is the uid that every version finds;
//   - named `<node>.<unix nanoseconds in hex>` like client-go's makeEvent; client-go reads real
//     nanoseconds, JavaScript only milliseconds, so the nanoseconds are made strictly increasing per
//     client (EventNames): two events for one node in the same millisecond must not share a name (the
//     second would be refused 409 AlreadyExists and lost);
//   - count 1, firstTimestamp = lastTimestamp, and, as events.k8s.io-era clients do, eventTime with
//     reportingComponent, reportingInstance and action (the API requires all three once eventTime is set).
import type { CoreV1Event } from '@kubernetes/client-node';
import type { NodeEvent } from '../port.js';
import { microTime } from './time.js';

export const EVENT_NAMESPACES: readonly string[] = ['default', 'kube-system'];

export interface EventSource {
  namespace: string;
  /** reportingInstance and source.host: the machine dextre runs on (at most 128 characters). */
  hostname: string;
  /** Epoch milliseconds. */
  nowMs: number;
}

/** Event names, unique for one client: the clock's nanoseconds, or one more than the last name's when the clock has not moved on. */
export class EventNames {
  private lastNanos = -1n;

  next(node: string, nowMs: number): string {
    const wall = BigInt(Math.round(nowMs)) * 1_000_000n;
    this.lastNanos = wall > this.lastNanos ? wall : this.lastNanos + 1n;
    return `${node}.${this.lastNanos.toString(16)}`;
  }
}

/** `name`: the Event's name, from the client's EventNames. */
export function nodeEventBody(event: NodeEvent, source: EventSource, name: string): CoreV1Event {
  const at = new Date(Math.floor(source.nowMs / 1000) * 1000);
  const instance = source.hostname.slice(0, 128) || 'dextre';
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: source.namespace },
    involvedObject: { apiVersion: 'v1', kind: 'Node', name: event.node, uid: event.node },
    reason: event.reason,
    message: event.message,
    type: event.type,
    source: { component: 'dextre', host: instance },
    firstTimestamp: at,
    lastTimestamp: at,
    eventTime: microTime(source.nowMs / 1000),
    count: 1,
    action: event.reason,
    reportingComponent: 'dextre',
    reportingInstance: instance,
  };
}
