import { Injectable } from '@nestjs/common';

/** Opens once the state left in Redis by a previous run is reconciled; every handler but health waits on it. */
@Injectable()
export class BootGate {
  private openGate: () => void = () => undefined;
  readonly ready = new Promise<void>((resolve) => (this.openGate = resolve));

  open(): void {
    this.openGate();
  }
}
