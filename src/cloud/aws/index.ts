// The AWS adapter's factory. The SDK is imported here, lazily, so `--help` and the simulator never load
// it. Region, credentials and endpoints come from the SDK's standard chain, which it reads itself:
// AWS_REGION, AWS_PROFILE (or `profile`) with ~/.aws/config — keys, roles, IAM Identity Center (SSO) —
// AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_AUTO_SCALING, AWS_ENDPOINT_URL_EC2.
import type { AutoScalingClientConfig } from '@aws-sdk/client-auto-scaling';
import type { EC2ClientConfig } from '@aws-sdk/client-ec2';
import type { NodeGroupCloud } from '../port.js';
import { serviceOf, type AutoScalingCommands, type AwsApis, type Ec2Commands } from './api.js';
import { AwsCloud } from './cloud.js';

export interface AwsCloudOptions {
  /** Default: the standard chain (AWS_REGION, then the profile's `region`). */
  region?: string;
  /** A profile of ~/.aws/config and ~/.aws/credentials; default AWS_PROFILE, else `default`. */
  profile?: string;
  /** Requests per call, the first one included; default 8. Throttling and transient failures are retried with exponential backoff and jitter (standard mode). */
  maxAttempts?: number;
  /** For tests: a retry strategy with short delays; replaces `maxAttempts` and the standard mode. */
  retryStrategy?: AutoScalingClientConfig['retryStrategy'];
  /** For tests and `dextre sim serve`: one endpoint URL for both services. Normally AWS_ENDPOINT_URL* or AWS's own. */
  endpoint?: string;
  /** For tests and `dextre sim serve`: static credentials instead of the standard chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

export const DEFAULT_MAX_ATTEMPTS = 8;

export async function createAwsCloud(options: AwsCloudOptions = {}): Promise<NodeGroupCloud> {
  // The SDK warns once per process that Node 20 support ends; dextre supports Node 20 on purpose.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const [autoScaling, ec2Sdk] = await Promise.all([import('@aws-sdk/client-auto-scaling'), import('@aws-sdk/client-ec2')]);
  const config = clientConfig(options);
  const asClient = new autoScaling.AutoScalingClient(config);
  const ec2Client = new ec2Sdk.EC2Client(config);
  const apis: AwsApis = {
    autoscaling: serviceOf<AutoScalingCommands>('autoscaling', endpointOf(asClient, options, 'AWS_ENDPOINT_URL_AUTO_SCALING', 'autoscaling'), {
      DescribeAutoScalingGroups: (input) => asClient.send(new autoScaling.DescribeAutoScalingGroupsCommand(input)),
      DescribeAutoScalingInstances: (input) => asClient.send(new autoScaling.DescribeAutoScalingInstancesCommand(input)),
      DescribeLaunchConfigurations: (input) => asClient.send(new autoScaling.DescribeLaunchConfigurationsCommand(input)),
      SetDesiredCapacity: (input) => asClient.send(new autoScaling.SetDesiredCapacityCommand(input)),
      UpdateAutoScalingGroup: (input) => asClient.send(new autoScaling.UpdateAutoScalingGroupCommand(input)),
      SuspendProcesses: (input) => asClient.send(new autoScaling.SuspendProcessesCommand(input)),
      ResumeProcesses: (input) => asClient.send(new autoScaling.ResumeProcessesCommand(input)),
      TerminateInstanceInAutoScalingGroup: (input) => asClient.send(new autoScaling.TerminateInstanceInAutoScalingGroupCommand(input)),
    }),
    ec2: serviceOf<Ec2Commands>('ec2', endpointOf(ec2Client, options, 'AWS_ENDPOINT_URL_EC2', 'ec2'), {
      DescribeInstances: (input) => ec2Client.send(new ec2Sdk.DescribeInstancesCommand(input)),
      DescribeLaunchTemplates: (input) => ec2Client.send(new ec2Sdk.DescribeLaunchTemplatesCommand(input)),
      DescribeLaunchTemplateVersions: (input) => ec2Client.send(new ec2Sdk.DescribeLaunchTemplateVersionsCommand(input)),
    }),
  };
  return new AwsCloud(apis);
}

/** What both clients share. Options left out stay with the standard chain. */
function clientConfig(options: AwsCloudOptions): AutoScalingClientConfig & EC2ClientConfig {
  // Standard, not adaptive, retries: backoff adapts to the error (longer for throttling) and is bounded by
  // the attempts. The adaptive mode's client-side rate limiter, measured against `sim serve` with 10% of
  // requests throttled, slowed every later call of a client as quiet as dextre to 1–2.5 s (standard:
  // tens of ms, and up to about a second on the call that was throttled).
  return {
    retryMode: 'standard',
    maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    ...(options.retryStrategy !== undefined ? { retryStrategy: options.retryStrategy } : {}),
    ...(options.region !== undefined ? { region: options.region } : {}),
    ...(options.profile !== undefined ? { profile: options.profile } : {}),
    ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
    ...(options.credentials !== undefined ? { credentials: options.credentials } : {}),
  };
}

/** The endpoint for messages: the one configured, else AWS's regional endpoint of the service. */
function endpointOf(client: { config: { region: () => Promise<string> } }, options: AwsCloudOptions, serviceVariable: string, host: string): () => Promise<string> {
  return async () => {
    const configured = options.endpoint ?? nonEmpty(process.env[serviceVariable]) ?? nonEmpty(process.env.AWS_ENDPOINT_URL);
    if (configured !== undefined) return configured;
    return `https://${host}.${await client.config.region()}.amazonaws.com`;
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value !== '' ? value : undefined;
}
