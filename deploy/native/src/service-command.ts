import { dirname } from 'node:path';

import { stationLayout } from './station-layout';
import { installService, removeService, thisMachine, UNIT_NAME } from './systemd-service';

const USAGE = 'usage: npm run service -- install|remove';

/** `npm run service -- install|remove`: the station as a systemd service that survives reboots. */
export function serviceCommand(args: string[], repoRoot: string, log: (line: string) => void): number {
  const [action, ...rest] = args;
  if ((action !== 'install' && action !== 'remove') || rest.length > 0) {
    log(USAGE);
    return 2;
  }
  if (process.getuid?.() !== 0) {
    log(`${action === 'install' ? 'Installing' : 'Removing'} ${UNIT_NAME} needs root: run it with sudo.`);
    return 1;
  }
  const host = thisMachine(log);
  try {
    if (action === 'install') {
      const layout = stationLayout(repoRoot, process.env['H4K_DATA_DIR'] ?? './data');
      installService({ repoRoot, dataDir: layout.dataDir, nodeBinDir: dirname(process.execPath) }, host);
    } else {
      removeService(host);
    }
    return 0;
  } catch (error) {
    const stderr =
      error instanceof Error && 'stderr' in error ? String((error as { stderr: unknown }).stderr).trim() : '';
    log(`${action} failed: ${stderr || (error instanceof Error ? error.message : String(error))}`);
    return 1;
  }
}
