import { open } from 'node:fs/promises';

/** Opus granule positions count 48 kHz samples whatever the input rate (RFC 7845). */
const OPUS_GRANULE_RATE = 48_000;
/** An Ogg page is at most 27 + 255 + 255 × 255 bytes. */
const MAX_PAGE_BYTES = 65_307;

/**
 * Seconds of audio in an Ogg/Opus file, from its last complete page's granule position less the
 * pre-skip in its OpusHead: no decoding, two small reads. Null when the file is not Ogg/Opus or
 * holds no audio page yet. Also right for a file cut short (a crash): the last complete page counts.
 */
export async function oggOpusSeconds(path: string): Promise<number | null> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const head = Buffer.alloc(Math.min(size, 512));
    await file.read(head, 0, head.length, 0);
    const preSkip = opusPreSkip(head);
    if (preSkip === null) return null;
    const tailLength = Math.min(size, MAX_PAGE_BYTES * 2);
    const tail = Buffer.alloc(tailLength);
    await file.read(tail, 0, tailLength, size - tailLength);
    const granule = lastGranule(tail);
    if (granule === null || granule <= 0n) return null;
    return Math.max(0, Number(granule - BigInt(preSkip)) / OPUS_GRANULE_RATE);
  } finally {
    await file.close();
  }
}

/** The pre-skip of the OpusHead packet on the first page, or null when that is not there. */
export function opusPreSkip(head: Buffer): number | null {
  if (head.length < 28 || head.toString('latin1', 0, 4) !== 'OggS') return null;
  const packet = 27 + head.readUInt8(26);
  if (head.length < packet + 12 || head.toString('latin1', packet, packet + 8) !== 'OpusHead') return null;
  return head.readUInt16LE(packet + 10);
}

/** The granule position of the last complete page that ends a packet (granule ≠ -1), or null. */
export function lastGranule(buffer: Buffer): bigint | null {
  for (let at = buffer.lastIndexOf('OggS'); at >= 0; at = at > 0 ? buffer.lastIndexOf('OggS', at - 1) : -1) {
    if (at + 27 > buffer.length) continue;
    const segments = buffer.readUInt8(at + 26);
    if (at + 27 + segments > buffer.length) continue;
    let body = 0;
    for (let i = 0; i < segments; i++) body += buffer.readUInt8(at + 27 + i);
    if (at + 27 + segments + body > buffer.length) continue;
    const granule = buffer.readBigInt64LE(at + 6);
    if (granule !== -1n) return granule;
  }
  return null;
}
