// A local HTTP endpoint that speaks the AWS Query protocol for the SDK-wiring tests: it decodes each
// form POST, records it, and answers with the XML a test gives per action (Auto Scaling `member`
// lists, EC2 `item` lists and error envelopes, as STACK.md describes them).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface QueryRequest {
  action: string;
  /** `2011-01-01` for Auto Scaling, `2016-11-15` for EC2. */
  version: string;
  params: Record<string, string>;
}

export type QueryAnswer = { status?: number; body: string };

export class QueryServer {
  readonly requests: QueryRequest[] = [];
  private readonly server: Server;

  private constructor(private readonly answer: (request: QueryRequest) => QueryAnswer) {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const params = Object.fromEntries(new URLSearchParams(body));
        const request = { action: params.Action ?? '', version: params.Version ?? '', params };
        this.requests.push(request);
        const { status = 200, body: xml } = this.answer(request);
        res.writeHead(status, { 'content-type': 'text/xml' });
        res.end(xml);
      });
    });
  }

  static async start(answer: (request: QueryRequest) => QueryAnswer): Promise<QueryServer> {
    const s = new QueryServer(answer);
    await new Promise<void>((resolve) => s.server.listen(0, '127.0.0.1', resolve));
    return s;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  actions(): string[] {
    return this.requests.map((r) => r.action);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export function asgResponse(action: string, result: string): QueryAnswer {
  return {
    body:
      `<${action}Response xmlns="http://autoscaling.amazonaws.com/doc/2011-01-01/"><${action}Result>${result}</${action}Result>` +
      `<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></${action}Response>`,
  };
}

/** An action without a result element (SetDesiredCapacity, SuspendProcesses, …). */
export function asgEmpty(action: string): QueryAnswer {
  return { body: `<${action}Response xmlns="http://autoscaling.amazonaws.com/doc/2011-01-01/"><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></${action}Response>` };
}

export function asgError(code: string, message: string, status = 400): QueryAnswer {
  return {
    status,
    body:
      `<ErrorResponse xmlns="http://autoscaling.amazonaws.com/doc/2011-01-01/"><Error><Type>Sender</Type><Code>${code}</Code>` +
      `<Message>${message}</Message></Error><RequestId>req-1</RequestId></ErrorResponse>`,
  };
}

export function ec2Response(action: string, body: string): QueryAnswer {
  return { body: `<${action}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>req-1</requestId>${body}</${action}Response>` };
}

export function ec2Error(code: string, message: string, status = 400): QueryAnswer {
  return { status, body: `<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>req-1</RequestID></Response>` };
}
