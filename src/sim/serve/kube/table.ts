// meta.k8s.io Tables, the server-side printing `kubectl get` asks for: the columns the real server
// prints for each resource (kubernetes pkg/printers/internalversion, the common ones), with the same
// cell rules for pods' STATUS and READY and nodes' STATUS and ROLES, and ages as HumanDuration prints
// them, measured at the simulator's virtual now.
import { parseTime } from './format.js';
import { arrayAt, at, isObject, numberAt, objectAt, stringAt, type Json, type JsonObject } from './json.js';
import type { ResourceDef } from './resources.js';

type Cells = (o: JsonObject, now: number) => Json[];
interface Column {
  name: string;
  type?: 'string' | 'integer' | 'date';
  priority?: number;
}

const age = (o: JsonObject, now: number): string => {
  const created = parseTime(stringAt(o, 'metadata', 'creationTimestamp') ?? '');
  return created === undefined ? '<unknown>' : humanDuration(now - created);
};
const name = (o: JsonObject): string => stringAt(o, 'metadata', 'name') ?? '';
const num = (o: JsonObject, ...path: string[]): number => numberAt(o, ...path) ?? 0;
const containerNames = (o: JsonObject): string => (arrayAt(o, 'spec', 'template', 'spec', 'containers') ?? []).map((c) => stringAt(c, 'name') ?? '').join(',');
const images = (o: JsonObject): string => (arrayAt(o, 'spec', 'template', 'spec', 'containers') ?? []).map((c) => stringAt(c, 'image') ?? '').join(',');
const selector = (o: JsonObject): string => Object.entries(objectAt(o, 'spec', 'selector', 'matchLabels') ?? {}).map(([k, v]) => `${k}=${String(v)}`).join(',') || '<none>';

const TABLES: Record<string, { columns: Column[]; cells: Cells }> = {
  nodes: {
    columns: [{ name: 'Name' }, { name: 'Status' }, { name: 'Roles' }, { name: 'Age' }, { name: 'Version' }, { name: 'Internal-IP', priority: 1 }, { name: 'External-IP', priority: 1 }, { name: 'OS-Image', priority: 1 }, { name: 'Kernel-Version', priority: 1 }, { name: 'Container-Runtime', priority: 1 }],
    cells: (o, now) => [name(o), nodeStatus(o), nodeRoles(o), age(o, now), stringAt(o, 'status', 'nodeInfo', 'kubeletVersion') ?? '', address(o, 'InternalIP'), address(o, 'ExternalIP'), stringAt(o, 'status', 'nodeInfo', 'osImage') ?? '<unknown>', stringAt(o, 'status', 'nodeInfo', 'kernelVersion') ?? '<unknown>', stringAt(o, 'status', 'nodeInfo', 'containerRuntimeVersion') ?? '<unknown>'],
  },
  pods: {
    columns: [{ name: 'Name' }, { name: 'Ready' }, { name: 'Status' }, { name: 'Restarts' }, { name: 'Age' }, { name: 'IP', priority: 1 }, { name: 'Node', priority: 1 }, { name: 'Nominated Node', priority: 1 }, { name: 'Readiness Gates', priority: 1 }],
    cells: (o, now) => {
      const statuses = arrayAt(o, 'status', 'containerStatuses') ?? [];
      const ready = statuses.filter((s) => at(s, 'ready') === true).length;
      return [name(o), `${ready}/${(arrayAt(o, 'spec', 'containers') ?? []).length}`, podStatus(o), '0', age(o, now), stringAt(o, 'status', 'podIP') ?? '<none>', stringAt(o, 'spec', 'nodeName') ?? '<none>', '<none>', '<none>'];
    },
  },
  'apps/deployments': {
    columns: [{ name: 'Name' }, { name: 'Ready' }, { name: 'Up-to-date', type: 'integer' }, { name: 'Available', type: 'integer' }, { name: 'Age' }, { name: 'Containers', priority: 1 }, { name: 'Images', priority: 1 }, { name: 'Selector', priority: 1 }],
    cells: (o, now) => [name(o), `${num(o, 'status', 'readyReplicas')}/${num(o, 'spec', 'replicas')}`, num(o, 'status', 'updatedReplicas'), num(o, 'status', 'availableReplicas'), age(o, now), containerNames(o), images(o), selector(o)],
  },
  'apps/replicasets': {
    columns: [{ name: 'Name' }, { name: 'Desired', type: 'integer' }, { name: 'Current', type: 'integer' }, { name: 'Ready', type: 'integer' }, { name: 'Age' }, { name: 'Containers', priority: 1 }, { name: 'Images', priority: 1 }, { name: 'Selector', priority: 1 }],
    cells: (o, now) => [name(o), num(o, 'spec', 'replicas'), num(o, 'status', 'replicas'), num(o, 'status', 'readyReplicas'), age(o, now), containerNames(o), images(o), selector(o)],
  },
  'apps/statefulsets': {
    columns: [{ name: 'Name' }, { name: 'Ready' }, { name: 'Age' }, { name: 'Containers', priority: 1 }, { name: 'Images', priority: 1 }],
    cells: (o, now) => [name(o), `${num(o, 'status', 'readyReplicas')}/${num(o, 'spec', 'replicas')}`, age(o, now), containerNames(o), images(o)],
  },
  'apps/daemonsets': {
    columns: [{ name: 'Name' }, { name: 'Desired', type: 'integer' }, { name: 'Current', type: 'integer' }, { name: 'Ready', type: 'integer' }, { name: 'Up-to-date', type: 'integer' }, { name: 'Available', type: 'integer' }, { name: 'Node Selector' }, { name: 'Age' }, { name: 'Containers', priority: 1 }, { name: 'Images', priority: 1 }, { name: 'Selector', priority: 1 }],
    cells: (o, now) => [name(o), num(o, 'status', 'desiredNumberScheduled'), num(o, 'status', 'currentNumberScheduled'), num(o, 'status', 'numberReady'), num(o, 'status', 'updatedNumberScheduled'), num(o, 'status', 'numberAvailable'), Object.entries(objectAt(o, 'spec', 'template', 'spec', 'nodeSelector') ?? {}).map(([k, v]) => `${k}=${String(v)}`).join(',') || '<none>', age(o, now), containerNames(o), images(o), selector(o)],
  },
  'batch/jobs': {
    columns: [{ name: 'Name' }, { name: 'Status' }, { name: 'Completions' }, { name: 'Age' }, { name: 'Containers', priority: 1 }, { name: 'Images', priority: 1 }],
    cells: (o, now) => [name(o), num(o, 'status', 'succeeded') >= num(o, 'spec', 'completions') ? 'Complete' : 'Running', `${num(o, 'status', 'succeeded')}/${num(o, 'spec', 'completions')}`, age(o, now), containerNames(o), images(o)],
  },
  'policy/poddisruptionbudgets': {
    columns: [{ name: 'Name' }, { name: 'Min Available' }, { name: 'Max Unavailable' }, { name: 'Allowed Disruptions', type: 'integer' }, { name: 'Age' }],
    cells: (o, now) => [name(o), intOrString(at(o, 'spec', 'minAvailable')), intOrString(at(o, 'spec', 'maxUnavailable')), num(o, 'status', 'disruptionsAllowed'), age(o, now)],
  },
  namespaces: { columns: [{ name: 'Name' }, { name: 'Status' }, { name: 'Age' }], cells: (o, now) => [name(o), stringAt(o, 'status', 'phase') ?? '', age(o, now)] },
  configmaps: { columns: [{ name: 'Name' }, { name: 'Data', type: 'integer' }, { name: 'Age' }], cells: (o, now) => [name(o), Object.keys(objectAt(o, 'data') ?? {}).length + Object.keys(objectAt(o, 'binaryData') ?? {}).length, age(o, now)] },
  'coordination.k8s.io/leases': { columns: [{ name: 'Name' }, { name: 'Holder' }, { name: 'Age' }], cells: (o, now) => [name(o), stringAt(o, 'spec', 'holderIdentity') ?? '', age(o, now)] },
  events: {
    columns: [{ name: 'Last Seen' }, { name: 'Type' }, { name: 'Reason' }, { name: 'Object' }, { name: 'Message' }],
    cells: (o, now) => {
      const last = parseTime(stringAt(o, 'lastTimestamp') ?? stringAt(o, 'eventTime') ?? stringAt(o, 'metadata', 'creationTimestamp') ?? '');
      const object = `${(stringAt(o, 'involvedObject', 'kind') ?? '').toLowerCase()}/${stringAt(o, 'involvedObject', 'name') ?? ''}`;
      return [last === undefined ? '<unknown>' : humanDuration(now - last), stringAt(o, 'type') ?? '', stringAt(o, 'reason') ?? '', object, stringAt(o, 'message') ?? ''];
    },
  },
};

const GENERIC = { columns: [{ name: 'Name' }, { name: 'Age' }] as Column[], cells: ((o, now) => [name(o), age(o, now)]) as Cells };

/** `includeObject`: None, Metadata (the default: PartialObjectMetadata) or Object. */
export function toTable(def: ResourceDef, objects: JsonObject[], listMetadata: JsonObject, now: number, version: string, includeObject: string, withColumns = true): JsonObject {
  const table = TABLES[def.id] ?? GENERIC;
  const rows = objects.map((o) => {
    const row: JsonObject = { cells: table.cells(o, now) };
    if (includeObject === 'Object') row['object'] = o;
    else if (includeObject !== 'None') row['object'] = { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: objectAt(o, 'metadata') ?? {} };
    return row;
  });
  const columnDefinitions = table.columns.map((c) => ({ name: c.name, type: c.type ?? 'string', format: c.name === 'Name' ? 'name' : '', description: c.name, priority: c.priority ?? 0 }));
  return { kind: 'Table', apiVersion: `meta.k8s.io/${version}`, metadata: listMetadata, columnDefinitions: withColumns ? columnDefinitions : [], rows };
}

function intOrString(value: Json | undefined): string {
  return typeof value === 'number' || typeof value === 'string' ? String(value) : 'N/A';
}

function address(o: JsonObject, type: string): string {
  const found = (arrayAt(o, 'status', 'addresses') ?? []).find((a) => stringAt(a, 'type') === type);
  return stringAt(found, 'address') ?? '<none>';
}

function nodeStatus(o: JsonObject): string {
  const ready = (arrayAt(o, 'status', 'conditions') ?? []).find((c) => stringAt(c, 'type') === 'Ready');
  const status = stringAt(ready, 'status');
  const parts = [status === 'True' ? 'Ready' : status === 'False' ? 'NotReady' : 'Unknown'];
  if (at(o, 'spec', 'unschedulable') === true) parts.push('SchedulingDisabled');
  return parts.join(',');
}

function nodeRoles(o: JsonObject): string {
  const labels = objectAt(o, 'metadata', 'labels') ?? {};
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(labels)) {
    if (key.startsWith('node-role.kubernetes.io/')) roles.add(key.slice('node-role.kubernetes.io/'.length));
    else if (key === 'kubernetes.io/role' && typeof value === 'string' && value !== '') roles.add(value);
  }
  return roles.size > 0 ? [...roles].sort().join(',') : '<none>';
}

/** printPod's STATUS: the init container step or failure, a waiting or terminated reason, Terminating. */
function podStatus(o: JsonObject): string {
  let reason = stringAt(o, 'status', 'reason') ?? stringAt(o, 'status', 'phase') ?? '';
  const inits = arrayAt(o, 'status', 'initContainerStatuses') ?? [];
  let initializing = false;
  for (const [i, s] of inits.entries()) {
    if (numberAt(s, 'state', 'terminated', 'exitCode') === 0) continue;
    initializing = true;
    const waiting = stringAt(s, 'state', 'waiting', 'reason');
    reason = waiting !== undefined && waiting !== 'PodInitializing' ? `Init:${waiting}` : `Init:${i}/${inits.length}`;
    break;
  }
  if (!initializing) {
    for (const s of [...(arrayAt(o, 'status', 'containerStatuses') ?? [])].reverse()) {
      const waiting = stringAt(s, 'state', 'waiting', 'reason');
      const terminated = stringAt(s, 'state', 'terminated', 'reason');
      if (waiting !== undefined && waiting !== '') reason = waiting;
      else if (terminated !== undefined && terminated !== '') reason = terminated;
    }
  }
  if (isObject(at(o, 'metadata')) && stringAt(o, 'metadata', 'deletionTimestamp') !== undefined) reason = 'Terminating';
  return reason;
}

/** apimachinery's duration.HumanDuration: `45s`, `2m30s`, `5h12m`, `3d4h`, `400d`, `2y30d`. */
export function humanDuration(totalSeconds: number): string {
  const seconds = Math.floor(totalSeconds);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(seconds / 3600);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return hours % 24 === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  const years = Math.floor(hours / 24 / 365);
  if (hours < 24 * 365 * 8) {
    const days = Math.floor(hours / 24) % 365;
    return days === 0 ? `${years}y` : `${years}y${days}d`;
  }
  return `${years}y`;
}
