// A stand-in for the two AWS clients behind the adapter's narrow interface: it records every command
// sent (service, name, input) and answers from canned, real-shaped SDK outputs or errors. Answers for a
// command are used in order; the last one keeps answering. A command without answers fails the test.
import type { AutoScalingCommands, AwsApis, AwsService, CommandMap, Ec2Commands, IamService } from '../../../src/cloud/aws/api.js';
import { AwsCloud } from '../../../src/cloud/aws/cloud.js';
import { ec2Instance, reservation } from './shapes.js';

export interface Sent {
  service: IamService;
  command: string;
  input: unknown;
}

type Answer<I, O> = O | Error | ((input: I) => O | Error);

export class FakeAws {
  readonly sent: Sent[] = [];
  private readonly answers = new Map<string, Answer<unknown, unknown>[]>();

  /** Canned answers for an Auto Scaling command. */
  autoscaling<K extends keyof AutoScalingCommands>(command: K, ...answers: Answer<AutoScalingCommands[K]['input'], AutoScalingCommands[K]['output']>[]): this {
    return this.add('autoscaling', command, answers);
  }

  /** Canned answers for an EC2 command. */
  ec2<K extends keyof Ec2Commands>(command: K, ...answers: Answer<Ec2Commands[K]['input'], Ec2Commands[K]['output']>[]): this {
    return this.add('ec2', command, answers);
  }

  /** The commands sent, as `service:Command`. */
  actions(): string[] {
    return this.sent.map((s) => `${s.service}:${s.command}`);
  }

  /** The inputs of one command, in the order sent. */
  inputs(command: string): unknown[] {
    return this.sent.filter((s) => s.command === command).map((s) => s.input);
  }

  apis(): AwsApis {
    return { autoscaling: this.service<AutoScalingCommands>('autoscaling'), ec2: this.service<Ec2Commands>('ec2') };
  }

  cloud(): AwsCloud {
    return new AwsCloud(this.apis());
  }

  private add<I, O>(service: IamService, command: string, answers: Answer<I, O>[]): this {
    const key = `${service}:${command}`;
    this.answers.set(key, [...(answers as Answer<unknown, unknown>[])]);
    return this;
  }

  private service<C extends CommandMap<C>>(iam: IamService): AwsService<C> {
    return {
      iam,
      endpoint: async () => `https://${iam}.eu-west-1.amazonaws.com`,
      send: async <K extends keyof C & string>(command: K, input: C[K]['input']): Promise<C[K]['output']> => {
        // Inputs are copied, so a caller reusing an object cannot rewrite what was recorded.
        this.sent.push({ service: iam, command, input: structuredClone(input) });
        const queue = this.answers.get(`${iam}:${command}`);
        if (!queue || queue.length === 0) throw new Error(`fake AWS: no answer for ${iam}:${command} ${JSON.stringify(input)}`);
        const next = queue.length > 1 ? queue.shift() : queue[0];
        const answer = typeof next === 'function' ? (next as (i: unknown) => unknown)(input) : next;
        if (answer instanceof Error) throw answer;
        return structuredClone(answer) as C[K]['output'];
      },
    };
  }
}

/** An error shaped like the SDK's: `name` and `Code` the AWS error code, `$fault`, `$metadata`. */
export function awsError(code: string, message: string, options: { status?: number; attempts?: number; name?: string } = {}): Error {
  const status = options.status ?? 400;
  return Object.assign(new Error(message), {
    name: options.name ?? code,
    Code: code,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status, attempts: options.attempts ?? 1, totalRetryDelay: 0 },
  });
}

/** A Node network error as the SDK's HTTP handler rethrows it. */
export function networkError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code, $metadata: { attempts: 8, totalRetryDelay: 0 } });
}

/** EC2 answers DescribeInstances for every instance asked: launched a day before T0 from `imageId`. */
export function answerEveryInstance(fake: FakeAws, imageId = 'ami-v7'): FakeAws {
  return fake.ec2('DescribeInstances', (input) => ({
    Reservations: (input.Filters?.[0]?.Values ?? []).map((id) => reservation(ec2Instance(id, imageId))),
  }));
}
