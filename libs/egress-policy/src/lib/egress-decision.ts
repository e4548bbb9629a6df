import { canonicalAddress, refusedAddressClass } from './address-class';
import {
  addressesOf,
  bareHostname,
  describeRefusal,
  firstRefusedAddress,
  hostPort,
  type ResolveAll,
} from './url-safety';

export interface EgressPolicy {
  /** `host:port` pairs that may be private (DOWNLOAD_ALLOWED_HOSTS). */
  allowedHosts: readonly string[];
  resolveAll: ResolveAll;
  /** Why an address is refused, or null when public; the station's classifier unless a test swaps it. */
  refusedAddress?: (address: string) => string | null;
}

/** Where a connection may go: the vetted addresses, tried in order, and never looked up again. */
export type EgressDecision = { ok: true; addresses: string[]; port: number } | { ok: false; detail: string };

/**
 * One hop: the host is resolved once here, every address it answers is classified, and the
 * caller connects to those very addresses, so a DNS server that answers differently the second
 * time (rebinding) never gets a second question.
 */
export async function decideEgress(target: URL, policy: EgressPolicy): Promise<EgressDecision> {
  const hostname = bareHostname(target);
  const port = Number(target.port || (target.protocol === 'https:' ? 443 : 80));
  const addresses = await addressesOf(hostname, policy.resolveAll);
  if (!addresses) return { ok: false, detail: `${hostPort(target)}: ${hostname} does not resolve` };
  const allowed = policy.allowedHosts.includes(hostPort(target));
  const refused = allowed ? null : firstRefusedAddress(addresses, policy.refusedAddress ?? refusedAddressClass);
  if (refused) return { ok: false, detail: `${hostPort(target)}: ${describeRefusal(hostname, refused)}` };
  return { ok: true, addresses: addresses.map(canonicalAddress), port };
}
