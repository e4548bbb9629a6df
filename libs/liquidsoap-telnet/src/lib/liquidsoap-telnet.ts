import { Mutex } from 'async-mutex';
import { Telnet } from 'telnet-client';

/** Liquidsoap ends every telnet answer with a line holding only END. */
const END_OF_ANSWER = /(^|\n)END\r?\n$/;

export interface LiquidsoapTelnetEndpoint {
  host: string;
  port: number;
}

/**
 * Liquidsoap's telnet server, shared by the services that command it (livestream kicks DJs, queue
 * announces handovers). Commands run one at a time over a short-lived connection: Liquidsoap
 * closes idle clients, and a fresh socket per command never reads a stale answer.
 */
export class LiquidsoapTelnetClient {
  private readonly lane = new Mutex();

  constructor(private readonly endpoint: LiquidsoapTelnetEndpoint) {}

  /** Runs one command and returns its answer without the END line. */
  command(line: string, timeoutMs = 2000): Promise<string> {
    if (/[\r\n]/.test(line)) return Promise.reject(new Error('a telnet command is one line'));
    return this.lane.runExclusive(() => this.runOnce(line, timeoutMs));
  }

  private async runOnce(line: string, timeoutMs: number): Promise<string> {
    const client = new Telnet();
    try {
      await client.connect({
        host: this.endpoint.host,
        port: this.endpoint.port,
        negotiationMandatory: false,
        timeout: timeoutMs,
        ors: '\r\n',
      });
      const answer = await client.send(line, {
        waitFor: END_OF_ANSWER,
        sendTimeout: timeoutMs,
      });
      if (!END_OF_ANSWER.test(answer)) throw new Error(`no complete answer to "${line}" within ${timeoutMs} ms`);
      return answer.replace(END_OF_ANSWER, '').replace(/\r\n/g, '\n').trim();
    } finally {
      await client.destroy().catch(() => undefined);
    }
  }
}
