import { STATION_ENV, type StationEnv } from '@h4k/config';
import { Inject, Injectable } from '@nestjs/common';
import { Telnet } from 'telnet-client';

/** Liquidsoap ends every telnet answer with a line holding only END. */
const END_OF_ANSWER = /(^|\n)END\r?\n$/;

/**
 * Liquidsoap's telnet server behind one adapter. Commands run one at a time over a short-lived
 * connection: Liquidsoap closes idle clients, and a fresh socket per command never reads a stale answer.
 */
@Injectable()
export class LiquidsoapTelnet {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(@Inject(STATION_ENV) private readonly env: StationEnv) {}

  /** Runs one command and returns its answer without the END line. */
  command(line: string, timeoutMs = 2000): Promise<string> {
    if (/[\r\n]/.test(line)) return Promise.reject(new Error('a telnet command is one line'));
    const run = this.queue.then(() => this.runOnce(line, timeoutMs));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async runOnce(line: string, timeoutMs: number): Promise<string> {
    const client = new Telnet();
    try {
      await client.connect({
        host: this.env.LIQUIDSOAP_HOST,
        port: this.env.LIQUIDSOAP_TELNET_PORT,
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
