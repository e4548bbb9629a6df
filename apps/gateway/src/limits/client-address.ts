import { normalizeIp } from '@nestjs/throttler';
import type { Request } from 'express';

/**
 * Who a request comes from, for every per-address limit. Express's `trust proxy` is TRUSTED_PROXIES
 * (see TrustedProxies; loopback by default): behind Caddy, `request.ip` is the address Caddy forwards
 * in X-Forwarded-For; from anyone else the header is ignored. IPv6 addresses count per /64 (one
 * subscriber's prefix), IPv4-mapped IPv6 as plain IPv4.
 */
export function clientAddressOf(request: Request): string {
  return addressKey(request.ip ?? request.socket.remoteAddress ?? 'unknown');
}

/** An address as limits count it; anything else (e.g. a harbor address that is not an IP) is cut to a safe key. */
export function addressKey(address: string): string {
  return normalizeIp(address.trim().slice(0, 100)) || 'unknown';
}
