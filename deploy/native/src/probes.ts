import { connect } from 'node:net';

/** Opens a TCP connection, optionally writes a line, and resolves with what arrives until `done` matches. */
export function tcpExchange(
  host: string,
  port: number,
  options: { send?: string; done: RegExp; timeoutMs?: number },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let received = '';
    const timer = setTimeout(() => fail(new Error(`${host}:${port} did not answer`)), options.timeoutMs ?? 2000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    };
    socket.on('error', fail);
    socket.on('connect', () => {
      if (options.send !== undefined) socket.write(options.send);
    });
    socket.on('data', (chunk) => {
      received += chunk.toString('utf8');
      if (options.done.test(received)) {
        clearTimeout(timer);
        socket.end();
        resolve(received);
      }
    });
  });
}

export async function httpStatus(url: string, timeoutMs = 2000): Promise<number> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
  await response.body?.cancel();
  return response.status;
}

export async function httpJson<T>(url: string, timeoutMs = 3000): Promise<{ status: number; body: T }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  return { status: response.status, body: (await response.json()) as T };
}

/** Polls `check` until it resolves truthy or the deadline passes; the last failure becomes the error. */
export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastProblem = 'not ready';
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${what} not healthy after ${Math.round(timeoutMs / 1000)} s: ${lastProblem}`);
}
