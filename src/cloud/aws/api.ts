// The narrow face of the AWS SDK v3 the adapter uses: the few commands it sends, named as in the API
// (and in IAM: `autoscaling:SetDesiredCapacity`), with the SDK's own input and output shapes. The
// factory (index.ts) binds them to real clients; unit tests bind them to canned answers.
// Type-only imports: nothing of the SDK is loaded by importing this module.
import type {
  DescribeAutoScalingGroupsCommandInput,
  DescribeAutoScalingGroupsCommandOutput,
  DescribeAutoScalingInstancesCommandInput,
  DescribeAutoScalingInstancesCommandOutput,
  DescribeLaunchConfigurationsCommandInput,
  DescribeLaunchConfigurationsCommandOutput,
  ResumeProcessesCommandInput,
  ResumeProcessesCommandOutput,
  SetDesiredCapacityCommandInput,
  SetDesiredCapacityCommandOutput,
  SuspendProcessesCommandInput,
  SuspendProcessesCommandOutput,
  TerminateInstanceInAutoScalingGroupCommandInput,
  TerminateInstanceInAutoScalingGroupCommandOutput,
  UpdateAutoScalingGroupCommandInput,
  UpdateAutoScalingGroupCommandOutput,
} from '@aws-sdk/client-auto-scaling';
import type {
  DescribeInstancesCommandInput,
  DescribeInstancesCommandOutput,
  DescribeLaunchTemplatesCommandInput,
  DescribeLaunchTemplatesCommandOutput,
  DescribeLaunchTemplateVersionsCommandInput,
  DescribeLaunchTemplateVersionsCommandOutput,
} from '@aws-sdk/client-ec2';

/** One command: the SDK's input, and its output without the response metadata (canned answers need none). */
export interface Command<Input, Output> {
  input: Input;
  output: Omit<Output, '$metadata'>;
}

export interface AutoScalingCommands {
  DescribeAutoScalingGroups: Command<DescribeAutoScalingGroupsCommandInput, DescribeAutoScalingGroupsCommandOutput>;
  DescribeAutoScalingInstances: Command<DescribeAutoScalingInstancesCommandInput, DescribeAutoScalingInstancesCommandOutput>;
  DescribeLaunchConfigurations: Command<DescribeLaunchConfigurationsCommandInput, DescribeLaunchConfigurationsCommandOutput>;
  SetDesiredCapacity: Command<SetDesiredCapacityCommandInput, SetDesiredCapacityCommandOutput>;
  UpdateAutoScalingGroup: Command<UpdateAutoScalingGroupCommandInput, UpdateAutoScalingGroupCommandOutput>;
  SuspendProcesses: Command<SuspendProcessesCommandInput, SuspendProcessesCommandOutput>;
  ResumeProcesses: Command<ResumeProcessesCommandInput, ResumeProcessesCommandOutput>;
  TerminateInstanceInAutoScalingGroup: Command<TerminateInstanceInAutoScalingGroupCommandInput, TerminateInstanceInAutoScalingGroupCommandOutput>;
}

export interface Ec2Commands {
  DescribeInstances: Command<DescribeInstancesCommandInput, DescribeInstancesCommandOutput>;
  DescribeLaunchTemplates: Command<DescribeLaunchTemplatesCommandInput, DescribeLaunchTemplatesCommandOutput>;
  DescribeLaunchTemplateVersions: Command<DescribeLaunchTemplateVersionsCommandInput, DescribeLaunchTemplateVersionsCommandOutput>;
}

export type CommandMap<C> = { [K in keyof C]: Command<object, object> };

// Every command above, once: the IAM policy dextre's identity needs (`satisfies` keeps the lists complete).
const AUTOSCALING_ACTIONS = {
  DescribeAutoScalingGroups: true,
  DescribeAutoScalingInstances: true,
  DescribeLaunchConfigurations: true,
  SetDesiredCapacity: true,
  UpdateAutoScalingGroup: true,
  SuspendProcesses: true,
  ResumeProcesses: true,
  TerminateInstanceInAutoScalingGroup: true,
} as const satisfies Record<keyof AutoScalingCommands, true>;
const EC2_ACTIONS = { DescribeInstances: true, DescribeLaunchTemplates: true, DescribeLaunchTemplateVersions: true } as const satisfies Record<keyof Ec2Commands, true>;

/** The IAM actions of every request the adapter can send (`autoscaling:SetDesiredCapacity`), sorted. */
export const IAM_ACTIONS: readonly string[] = [
  ...Object.keys(AUTOSCALING_ACTIONS).map((c) => `autoscaling:${c}`),
  ...Object.keys(EC2_ACTIONS).map((c) => `ec2:${c}`),
].sort();

/** The IAM service prefix: with a command name, the IAM action (`ec2:DescribeInstances`). */
export type IamService = 'autoscaling' | 'ec2';

export interface AwsService<C extends CommandMap<C>> {
  readonly iam: IamService;
  /** Where requests go, for messages: the configured endpoint URL, else the regional AWS endpoint. */
  endpoint(): Promise<string>;
  /** Sends one request (the SDK retries throttling and transient failures); rejects with the SDK's error. */
  send<K extends keyof C & string>(command: K, input: C[K]['input']): Promise<C[K]['output']>;
}

export interface AwsApis {
  autoscaling: AwsService<AutoScalingCommands>;
  ec2: AwsService<Ec2Commands>;
}

/** One binding per command: how the factory and the test fakes implement `send`. */
export type CommandHandlers<C extends CommandMap<C>> = { [K in keyof C]: (input: C[K]['input']) => Promise<C[K]['output']> };

/** An AwsService over a handler per command. */
export function serviceOf<C extends CommandMap<C>>(iam: IamService, endpoint: () => Promise<string>, handlers: CommandHandlers<C>): AwsService<C> {
  return {
    iam,
    endpoint,
    send: <K extends keyof C & string>(command: K, input: C[K]['input']) => handlers[command](input),
  };
}
