// The parameters of an AWS Query request (`Action=…&Version=…&…`), flattened as the SDKs send them:
// lists as `Name.member.1`, `Name.member.2` (Auto Scaling) or `Name.1`, `Name.2` (EC2), structures in a
// list as `Filters.member.1.Name`, `Filters.member.1.Values.member.1`. An empty list is sent as the bare
// name with an empty value (`ScalingProcesses=`), which reads here as no items.
import { AwsError } from './errors.js';

export class QueryParams {
  constructor(private readonly values: ReadonlyMap<string, string>) {}

  /** The form body and the URL's query string (the Query protocol accepts either; the body wins). */
  static parse(body: string, search: string): QueryParams {
    const values = new Map<string, string>();
    for (const source of [search, body]) {
      for (const [key, value] of new URLSearchParams(source)) values.set(key, value);
    }
    return new QueryParams(values);
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  get(name: string): string | undefined {
    return this.values.get(name);
  }

  /** A required string; a missing one is the service's own ValidationError / MissingParameter. */
  require(name: string, missing: (name: string) => AwsError): string {
    const value = this.values.get(name);
    if (value === undefined || value === '') throw missing(name);
    return value;
  }

  /** An integer parameter; `invalid` builds the service's error for a value that is not one. */
  int(name: string, invalid: (name: string, value: string) => AwsError): number | undefined {
    const value = this.values.get(name);
    if (value === undefined) return undefined;
    if (!/^-?\d+$/.test(value)) throw invalid(name, value);
    return Number(value);
  }

  /** `true` / `false` as the SDKs send booleans. */
  bool(name: string): boolean | undefined {
    const value = this.values.get(name);
    return value === undefined ? undefined : value.toLowerCase() === 'true';
  }

  /** The values of `prefix.1`, `prefix.2`, … in index order (`prefix` includes `.member` for Auto Scaling). */
  list(prefix: string): string[] {
    return this.indexed(prefix)
      .map(([, rest]) => rest.get(''))
      .filter((v): v is string => v !== undefined);
  }

  /** The structures `prefix.N.*`, each as its own parameters, in index order. */
  structs(prefix: string): QueryParams[] {
    return this.indexed(prefix).map(([, rest]) => new QueryParams(rest));
  }

  /** Names present that are not in `known` (to refuse parameters the simulator does not model). */
  unknown(known: readonly string[]): string[] {
    const out = new Set<string>();
    for (const key of this.values.keys()) {
      const head = key.split('.')[0] ?? key;
      if (!known.includes(head)) out.add(head);
    }
    return [...out];
  }

  /** Groups `prefix.N[.rest]` by N: for each index the remaining keys (`''` for the value of `prefix.N` itself). */
  private indexed(prefix: string): [number, Map<string, string>][] {
    const byIndex = new Map<number, Map<string, string>>();
    const head = `${prefix}.`;
    for (const [key, value] of this.values) {
      if (!key.startsWith(head)) continue;
      const match = /^(\d+)(?:\.(.*))?$/.exec(key.slice(head.length));
      if (!match) continue;
      const index = Number(match[1]);
      let rest = byIndex.get(index);
      if (!rest) byIndex.set(index, (rest = new Map()));
      rest.set(match[2] ?? '', value);
    }
    return [...byIndex.entries()].sort((a, b) => a[0] - b[0]);
  }
}

/** A request filter: a name and the values any of which may match (different filters all apply). */
export interface Filter {
  name: string;
  values: string[];
}

/** Auto Scaling's `Filters.member.N.Name` / `Filters.member.N.Values.member.M`. */
export function autoScalingFilters(params: QueryParams): Filter[] {
  return params.structs('Filters.member').map((f) => ({ name: f.get('Name') ?? '', values: f.list('Values.member') }));
}

/** EC2's `Filter.N.Name` / `Filter.N.Value.M`. */
export function ec2Filters(params: QueryParams): Filter[] {
  return params.structs('Filter').map((f) => ({ name: f.get('Name') ?? '', values: f.list('Value') }));
}

/** EC2 filter values accept `*` (any run) and `?` (one character) wildcards. */
export function matchesValue(pattern: string, value: string): boolean {
  if (!pattern.includes('*') && !pattern.includes('?')) return pattern === value;
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${re}$`, 's').test(value);
}
