import { inject, signal } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import { MatSnackBar } from '@angular/material/snack-bar';
import { filter, finalize, Observable } from 'rxjs';

import { confirmAction, ConfirmData } from './confirm-dialog';
import { PageReload } from './page-reload';

/** What to do with an action's answer; a string returned is shown in the snackbar. */
export type ActionDone<T> = (result: T) => string | void;

export interface ActionRunnerOptions {
  /** Reload the page's lists after a failed action too (its state may have changed anyway). */
  readonly reloadOnFailure?: boolean;
}

/**
 * A card's admin actions (revoke, delete, kick, reset…): `busy` while one is under way, the
 * snackbar says what was done, then every list on the page reloads. Failures are reported by the
 * error interceptor, so they end here quietly.
 */
export class ActionRunner {
  readonly busy = signal(false);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly page = inject(PageReload);

  constructor(private readonly options: ActionRunnerOptions) {}

  run<T>(call: Observable<T>, done?: ActionDone<T>): void {
    this.busy.set(true);
    call
      .pipe(
        finalize(() => {
          this.busy.set(false);
          if (this.options.reloadOnFailure) this.page.reload();
        }),
      )
      .subscribe({
        next: (result) => {
          const message = done?.(result);
          if (message) this.snackBar.open(message, undefined, { duration: 3000 });
          if (!this.options.reloadOnFailure) this.page.reload();
        },
        error: () => undefined,
      });
  }

  /** Asks first ("Delete this…?"); runs only when the admin confirmed. */
  confirmThenRun<T>(question: ConfirmData, call: () => Observable<T>, done?: ActionDone<T>): void {
    confirmAction(this.dialog, question)
      .pipe(filter(Boolean))
      .subscribe(() => this.run(call(), done));
  }
}

/** Call in an injection context of a component under a page that provides PageReload. */
export function actionRunner(options: ActionRunnerOptions = {}): ActionRunner {
  return new ActionRunner(options);
}
