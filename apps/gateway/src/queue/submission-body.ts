import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { MAX_TAG_LENGTH, strictText } from '@h4k/contracts';
import { BadRequestException, PayloadTooLargeException, RequestTimeoutException } from '@nestjs/common';
import busboy from 'busboy';
import type { Request } from 'express';
import { z } from 'zod';

/** A submission as sent: a link, or an uploaded file already on disk under the uploads dir. */
export type SubmissionBody = {
  title?: string;
  artist?: string;
} & ({ kind: 'url'; url: string } | { kind: 'file'; path: string; bytes: number });

const tag = strictText(MAX_TAG_LENGTH).optional();

export const submitLinkSchema = z
  .object({
    url: z.string().min(1).max(2000).describe('A song page or media link (http/https), e.g. a YouTube video'),
    title: tag.describe('Overrides the title the source gives'),
    artist: tag.describe('Overrides the artist the source gives'),
  })
  .strict();

const fieldsSchema = z.object({ url: z.string().min(1).max(2000).optional(), title: tag, artist: tag }).strict();

const EITHER = 'send either a link as JSON {"url": "…"} or a multipart/form-data "file", not both';
const NEITHER = 'send a link as JSON {"url": "…"} or an audio file as multipart/form-data field "file"';

/** Room for the text fields and multipart framing around the file. */
const FORM_OVERHEAD_BYTES = 64 * 1024;

/** An upload that brings fewer than `minBytes` in any `idleMs` has stalled (a 1 byte/s upload too). */
export interface StallLimit {
  idleMs: number;
  minBytes: number;
}

export interface ReceiveOptions {
  uploadsDir: string;
  maxBytes: number;
  stall: StallLimit;
}

/**
 * Reads a submission. JSON arrives parsed by Express; a multipart file is streamed to disk with the
 * size cap enforced while it arrives (never whole in memory) and deleted again on any refusal.
 */
export async function receiveSubmission(request: Request, options: ReceiveOptions): Promise<SubmissionBody> {
  if (!request.is('multipart/form-data')) return linkFrom(request.body);
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > options.maxBytes + FORM_OVERHEAD_BYTES) {
    request.resume();
    throw new PayloadTooLargeException(tooBig(options.maxBytes));
  }
  return receiveMultipart(request, options);
}

function linkFrom(body: unknown): SubmissionBody {
  const object = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  if (object['url'] === undefined) throw new BadRequestException(NEITHER);
  if (object['file'] !== undefined) throw new BadRequestException(EITHER);
  const parsed = submitLinkSchema.safeParse(object);
  if (!parsed.success) throw new BadRequestException(issuesOf(parsed.error));
  return { kind: 'url', ...parsed.data };
}

async function receiveMultipart(request: Request, options: ReceiveOptions): Promise<SubmissionBody> {
  await mkdir(options.uploadsDir, { recursive: true });
  const path = join(options.uploadsDir, `${randomUUID()}.upload`);
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: request.headers,
      limits: { files: 1, fileSize: options.maxBytes, fields: 8, fieldSize: 4096, parts: 10 },
    });
  } catch {
    throw new BadRequestException('malformed multipart/form-data request');
  }
  const fields: Record<string, string> = {};
  let bytes = 0;
  let sawFile = false;
  let truncated = false;
  let problem: string | undefined;
  const files: Readable[] = [];
  const writes: Promise<void>[] = [];
  parser.on('field', (name, value) => {
    fields[name] = value;
  });
  parser.on('file', (name, stream) => {
    if (name !== 'file' || sawFile) {
      problem ??= `unexpected file field "${name}": send one file as "file"`;
      stream.resume();
      return;
    }
    sawFile = true;
    files.push(stream);
    stream.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
    });
    stream.on('limit', () => {
      truncated = true;
    });
    writes.push(pipeline(stream, createWriteStream(path, { flags: 'wx' })));
  });
  parser.on('filesLimit', () => {
    problem ??= 'send one file only';
  });
  parser.on('fieldsLimit', () => {
    problem ??= 'too many fields';
  });
  const read = await feed(request, parser, options.stall);
  if (read !== 'done') {
    for (const file of files) file.destroy();
    await Promise.allSettled(writes);
    await rm(path, { force: true });
    throw read === 'stalled'
      ? stalled(options.stall)
      : new BadRequestException('the upload was interrupted or malformed');
  }
  try {
    await Promise.all(writes);
  } catch {
    await rm(path, { force: true });
    throw new BadRequestException('the upload was interrupted or malformed');
  }
  try {
    if (truncated) throw new PayloadTooLargeException(tooBig(options.maxBytes));
    if (problem) throw new BadRequestException(problem);
    if (sawFile && fields['url'] !== undefined) throw new BadRequestException(EITHER);
    const parsed = fieldsSchema.safeParse(fields);
    if (!parsed.success) throw new BadRequestException(issuesOf(parsed.error));
    const { url, title, artist } = parsed.data;
    if (url !== undefined) return { kind: 'url', url, title, artist };
    if (!sawFile) throw new BadRequestException(NEITHER);
    if (bytes === 0) throw new BadRequestException('the uploaded file is empty');
    return { kind: 'file', path, bytes, title, artist };
  } catch (error) {
    await rm(path, { force: true });
    throw error;
  }
}

/**
 * Feeds the request body into the parser while watching its pace. On a stall or a broken body it
 * stops reading but never destroys the request: the client still gets its 408 (the error filter
 * closes the connection, since the rest of the body was never read).
 */
function feed(request: Request, parser: busboy.Busboy, stall: StallLimit): Promise<'done' | 'stalled' | 'broken'> {
  return new Promise((resolve) => {
    let settled = false;
    let received = 0;
    const finish = (outcome: 'done' | 'stalled' | 'broken'): void => {
      if (settled) return;
      settled = true;
      clearInterval(watch);
      request.off('data', count);
      if (outcome !== 'done') {
        request.unpipe(parser);
        request.pause();
        parser.destroy();
      }
      resolve(outcome);
    };
    const count = (chunk: Buffer): void => {
      received += chunk.length;
    };
    const watch = setInterval(() => {
      if (received < stall.minBytes) finish('stalled');
      received = 0;
    }, stall.idleMs);
    request.on('data', count);
    request.on('error', () => finish('broken'));
    request.once('close', () => {
      if (!request.complete) finish('broken');
    });
    parser.on('error', () => finish('broken'));
    parser.once('close', () => finish('done'));
    request.pipe(parser);
  });
}

function stalled(stall: StallLimit): RequestTimeoutException {
  return new RequestTimeoutException(
    `the upload stalled: less than ${stall.minBytes} bytes arrived in ${stall.idleMs / 1000} s`,
  );
}

function tooBig(maxBytes: number): string {
  return `the file is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB`;
}

function issuesOf(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.map(String).join('.') || 'body'}: ${issue.message}`);
}
