// What the served AWS knows beyond the world: the fake account, ARNs and ids shaped like AWS's, when
// things were created (the fixture does not say, so it is derived once, deterministically), and when
// processes were suspended through the API (for SuspensionReason).
import type { NodeGroupCloud } from '../../../cloud/port.js';
import type { SimContext } from '../../context.js';
import { fnv32 } from '../../names.js';

export const ACCOUNT_ID = '123456789012';

/** Everything an action handler may use. */
export interface AwsFace {
  ctx: SimContext;
  /** The in-process SimCloud: every write goes through it (action log, AutoScaling semantics). */
  cloud: NodeGroupCloud;
  region: string;
  origins: Origins;
  /** `group/process` → epoch seconds it was suspended through the API. */
  suspendedAt: Map<string, number>;
}

/**
 * Creation times: a group, a launch template or a launch configuration is as old as the oldest
 * instance launched from it at load, or the fixture's start when none was.
 */
export class Origins {
  private readonly groups = new Map<string, number>();
  private readonly templates = new Map<string, number>();
  private readonly configurations = new Map<string, number>();
  private readonly start: number;

  constructor(ctx: SimContext) {
    this.start = ctx.world.fixture.startTime;
    for (const i of ctx.world.instances.values()) {
      earliest(this.groups, i.group, i.launchTime);
      if (i.launchTemplate) earliest(this.templates, i.launchTemplate.id, i.launchTime);
      if (i.launchConfiguration !== undefined) earliest(this.configurations, i.launchConfiguration, i.launchTime);
    }
  }

  group(name: string): number {
    return Math.min(this.start, this.groups.get(name) ?? this.start);
  }

  launchTemplate(id: string): number {
    return Math.min(this.start, this.templates.get(id) ?? this.start);
  }

  launchConfiguration(name: string): number {
    return Math.min(this.start, this.configurations.get(name) ?? this.start);
  }
}

function earliest(map: Map<string, number>, key: string, at: number): void {
  const known = map.get(key);
  if (known === undefined || at < known) map.set(key, at);
}

/** A UUID-shaped string derived from `seed` (stable across runs). */
export function stableUuid(seed: string): string {
  const h = [0, 1, 2, 3].map((i) => fnv32(`${i}:${seed}`).toString(16).padStart(8, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function groupArn(region: string, name: string): string {
  return `arn:aws:autoscaling:${region}:${ACCOUNT_ID}:autoScalingGroup:${stableUuid(`asg:${name}`)}:autoScalingGroupName/${name}`;
}

export function launchConfigurationArn(region: string, name: string): string {
  return `arn:aws:autoscaling:${region}:${ACCOUNT_ID}:launchConfiguration:${stableUuid(`lc:${name}`)}:launchConfigurationName/${name}`;
}

export const SERVICE_LINKED_ROLE = `arn:aws:iam::${ACCOUNT_ID}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;

/** `ip-10-1-0-5.eu-west-1.compute.internal` → `10.1.0.5` (the simulator's node names encode the address). */
export function privateIp(nodeName: string): string | undefined {
  const match = /^ip-(\d+)-(\d+)-(\d+)-(\d+)\./.exec(nodeName);
  return match ? match.slice(1, 5).join('.') : undefined;
}
