// The roll journal in a ConfigMap of the cluster (default kube-system/dextre-journal), so a roll can be
// resumed from any machine. The state is JSON under data key `state.json`, wrapped as
// `{ schema: 1, state }`. Writes use optimistic concurrency: each save replaces the version this
// journal last read or wrote (metadata.resourceVersion); a 409 means someone else wrote it since, and
// the save stops with LOCKED rather than overwrite another roll's journal.
import { hostname } from 'node:os';
import type { KubeConfig, V1ConfigMap } from '@kubernetes/client-node';
import { DextreError } from '../../core/errors.js';
import type { JournalStore } from '../../engine/api.js';
import { KubeApis, hasStatus } from './apis.js';
import type { ApiRequest } from './errors.js';
import { rfc3339 } from './time.js';

export const JOURNAL_SCHEMA = 1;
export const JOURNAL_KEY = 'state.json';
/** A ConfigMap holds at most 1 MiB in all; the state must leave room for the rest. */
export const MAX_JOURNAL_BYTES = 900 * 1024;
const WRITER = 'dextre.io/journal-writer';
const SAVED_AT = 'dextre.io/journal-saved-at';

export interface ConfigMapJournalOptions {
  /** Default `kube-system`. */
  namespace?: string;
  /** Default `dextre-journal`. */
  name?: string;
  /** Who writes, recorded on the ConfigMap and named when another writer is found. Default host/pid. */
  writer?: string;
  /** Epoch seconds, for the saved-at annotation. Default the wall clock. */
  now?: () => number;
}

export class ConfigMapJournal implements JournalStore {
  readonly namespace: string;
  readonly name: string;
  readonly writer: string;
  private readonly apis: KubeApis;
  private readonly now: () => number;
  /** The version last read or written; undefined when the ConfigMap is (as far as we know) absent. */
  private resourceVersion: string | undefined;

  constructor(kc: KubeConfig, options: ConfigMapJournalOptions = {}) {
    this.apis = new KubeApis(kc);
    this.namespace = options.namespace ?? 'kube-system';
    this.name = options.name ?? 'dextre-journal';
    this.writer = options.writer ?? `${hostname()}/${process.pid}`;
    this.now = options.now ?? (() => Date.now() / 1000);
  }

  private get where(): string {
    return `ConfigMap ${this.namespace}/${this.name}`;
  }

  private request(verb: ApiRequest['verb']): ApiRequest {
    return { verb, resource: 'configmaps', namespace: this.namespace, name: this.name };
  }

  async load(): Promise<unknown> {
    const cm = await this.read();
    this.resourceVersion = cm?.metadata?.resourceVersion;
    return cm ? this.decode(cm) : undefined;
  }

  async save(state: unknown): Promise<void> {
    const text = JSON.stringify({ schema: JOURNAL_SCHEMA, state });
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > MAX_JOURNAL_BYTES) {
      throw new DextreError(
        'CONFIG',
        `The roll journal has grown to ${Math.ceil(bytes / 1024)} KiB, more than the ${this.where} can hold (${MAX_JOURNAL_BYTES / 1024} KiB; a ConfigMap holds 1 MiB in all). ` +
          `Keep the journal in a file instead with --journal PATH, or roll fewer groups at once.`,
      );
    }
    for (let attempt = 1; ; attempt++) {
      const known = this.resourceVersion;
      try {
        const written = known === undefined ? await this.create(text) : await this.replace(text, known);
        this.resourceVersion = written.metadata?.resourceVersion;
        return;
      } catch (e: unknown) {
        if (!hasStatus(e, 409) && !(known !== undefined && hasStatus(e, 404))) throw this.apis.fail(e, this.request(known === undefined ? 'create' : 'update'));
        // Someone wrote (or deleted) it since we last looked. Our own earlier write whose answer was lost
        // is the one case to carry on from.
        const current = await this.read();
        if (attempt === 1 && current?.metadata?.annotations?.[WRITER] === this.writer) {
          this.resourceVersion = current.metadata.resourceVersion;
          continue;
        }
        throw this.locked(current);
      }
    }
  }

  async clear(): Promise<void> {
    const known = this.resourceVersion;
    try {
      await this.apis.core.deleteNamespacedConfigMap({
        namespace: this.namespace,
        name: this.name,
        ...(known !== undefined ? { body: { preconditions: { resourceVersion: known } } } : {}),
      });
    } catch (e: unknown) {
      if (hasStatus(e, 409)) throw this.locked(await this.read());
      if (!hasStatus(e, 404)) throw this.apis.fail(e, this.request('delete'));
    }
    this.resourceVersion = undefined;
  }

  private async read(): Promise<V1ConfigMap | undefined> {
    try {
      return await this.apis.core.readNamespacedConfigMap({ namespace: this.namespace, name: this.name });
    } catch (e: unknown) {
      if (hasStatus(e, 404)) return undefined;
      throw this.apis.fail(e, this.request('get'));
    }
  }

  private body(text: string, resourceVersion?: string): V1ConfigMap {
    return {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: this.name,
        namespace: this.namespace,
        labels: { 'app.kubernetes.io/managed-by': 'dextre', 'app.kubernetes.io/name': 'dextre' },
        annotations: { [WRITER]: this.writer, [SAVED_AT]: rfc3339(this.now()) },
        ...(resourceVersion !== undefined ? { resourceVersion } : {}),
      },
      data: { [JOURNAL_KEY]: text },
    };
  }

  private create(text: string): Promise<V1ConfigMap> {
    return this.apis.core.createNamespacedConfigMap({ namespace: this.namespace, body: this.body(text), fieldManager: 'dextre' });
  }

  private replace(text: string, resourceVersion: string): Promise<V1ConfigMap> {
    return this.apis.core.replaceNamespacedConfigMap({ namespace: this.namespace, name: this.name, body: this.body(text, resourceVersion), fieldManager: 'dextre' });
  }

  private locked(current: V1ConfigMap | undefined): DextreError {
    const by = current?.metadata?.annotations?.[WRITER];
    const at = current?.metadata?.annotations?.[SAVED_AT];
    const what = current
      ? `was written by ${by ? `another dextre (${by}${at ? `, at ${at}` : ''})` : 'someone else'}`
      : 'was deleted by someone else';
    return new DextreError(
      'LOCKED',
      `The roll journal ${this.where} ${what} since this dextre (${this.writer}) last read it: another roll seems to be running against this cluster. ` +
        `Let it finish; if it is gone, run dextre again to resume from its journal.`,
    );
  }

  private decode(cm: V1ConfigMap): unknown {
    const text = cm.data?.[JOURNAL_KEY];
    const fresh = `delete it (\`kubectl -n ${this.namespace} delete configmap ${this.name}\`) to start a fresh roll`;
    if (text === undefined) throw new DextreError('CONFIG', `The ${this.where} has no ${JOURNAL_KEY}: it was not written by dextre. Pick another journal name, or ${fresh}.`);
    let wrapper: unknown;
    try {
      wrapper = JSON.parse(text);
    } catch (e: unknown) {
      throw new DextreError('CONFIG', `The roll journal in ${this.where} is not valid JSON (${e instanceof Error ? e.message : String(e)}); it may have been edited by hand. Fix it, or ${fresh}.`);
    }
    const schema = typeof wrapper === 'object' && wrapper !== null && 'schema' in wrapper ? wrapper.schema : undefined;
    if (schema !== JOURNAL_SCHEMA || !(typeof wrapper === 'object' && wrapper !== null && 'state' in wrapper)) {
      throw new DextreError(
        'CONFIG',
        `The roll journal in ${this.where} has schema ${JSON.stringify(schema ?? null)}, which this dextre does not read (it reads schema ${JOURNAL_SCHEMA}). ` +
          `Use the dextre version that wrote it to finish that roll, or ${fresh}.`,
      );
    }
    return wrapper.state;
  }
}
