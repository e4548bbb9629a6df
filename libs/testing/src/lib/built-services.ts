import { join, resolve } from 'node:path';

import { freePort, type OwnedProcess, startProcess, tempDir } from './processes';

/** The workspace root, where `nx build` writes `dist/apps/<name>/main.js`. */
const REPO_ROOT = resolve(__dirname, '../../../..');

export const NODE_SERVICES = ['gateway', 'queue', 'downloader', 'livestream'] as const;
export type NodeService = (typeof NODE_SERVICES)[number];

/** One built service (`dist/apps/<name>/main.js`), run as production runs it. */
export function startBuiltService(name: NodeService, env: Record<string, string>): OwnedProcess {
  return startProcess('node', [join(REPO_ROOT, `dist/apps/${name}/main.js`)], env);
}

/**
 * The four built services on Redis alone (`redis`: REDIS_PORT or REDIS_URL, and what else reaches it):
 * nothing listens on the MPD, Liquidsoap telnet and Icecast ports, so each service must report its
 * dependencies down, not hang; RPCs time out after 2 s; a data dir of their own, never the station's.
 * Tokens are `<label>-admin-token-0123456789` and likewise for the Liquidsoap token and the JWT secret.
 */
export async function startBareServices(
  label: string,
  redis: Record<string, string>,
): Promise<{ gatewayPort: number; services: Map<NodeService, OwnedProcess> }> {
  const gatewayPort = await freePort();
  const env = {
    GATEWAY_PORT: String(gatewayPort),
    ADMIN_API_TOKEN: `${label}-admin-token-0123456789`,
    LIQUIDSOAP_TOKEN: `${label}-liquidsoap-token-0123456789`,
    JWT_SECRET: `${label}-jwt-secret-0123456789`,
    MPD_USER_PORT: String(await freePort()),
    MPD_FALLBACK_PORT: String(await freePort()),
    LIQUIDSOAP_TELNET_PORT: String(await freePort()),
    ICECAST_PORT: String(await freePort()),
    RPC_TIMEOUT_MS: '2000',
    H4K_DATA_DIR: tempDir(`${label}-data`),
    ...redis,
  };
  const services = new Map(NODE_SERVICES.map((name) => [name, startBuiltService(name, env)] as const));
  return { gatewayPort, services };
}
