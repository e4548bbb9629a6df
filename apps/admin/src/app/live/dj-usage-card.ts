import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import { AdminLivestreamService } from '@h4k/api-client';
import { finalize } from 'rxjs';
import { loadOnEach } from '../core/api-state';
import { DurationPipe } from '../core/duration.pipe';
import { PageReload } from '../core/page-reload';
import { refreshTicks } from '../core/refresh';
import { LivestreamApi, LivestreamUserUsage } from './livestream-api';

/** `GET /admin/livestream/users`: streamed and remaining time per DJ, with a reset per row. */
@Component({
  selector: 'h4k-dj-usage-card',
  imports: [DurationPipe, MatButtonModule, MatCardModule, MatIconModule, MatTableModule],
  template: `
    <mat-card appearance="outlined" data-testid="dj-usage">
      <mat-card-header>
        <mat-icon mat-card-avatar aria-hidden="true" svgIcon="timer" />
        <mat-card-title>DJ allowances</mat-card-title>
        <mat-card-subtitle>Streamed time is kept 30 days</mat-card-subtitle>
      </mat-card-header>
      <mat-card-content>
        <div class="table-scroll">
          <table mat-table [dataSource]="state().value ?? []" class="table">
            <ng-container matColumnDef="userId">
              <th mat-header-cell *matHeaderCellDef>DJ</th>
              <td mat-cell *matCellDef="let dj">
                {{ dj.userId }}
                @if (dj.kicked) {
                  <span class="kicked" data-testid="dj-kicked">kicked: refused until reset</span>
                }
              </td>
            </ng-container>
            <ng-container matColumnDef="used">
              <th mat-header-cell *matHeaderCellDef>Streamed</th>
              <td mat-cell *matCellDef="let dj">{{ dj.usedSeconds | duration: 'span' }}</td>
            </ng-container>
            <ng-container matColumnDef="allowance">
              <th mat-header-cell *matHeaderCellDef>Allowance</th>
              <td mat-cell *matCellDef="let dj">{{ dj.maxStreamingSeconds | duration: 'span' }}</td>
            </ng-container>
            <ng-container matColumnDef="remaining">
              <th mat-header-cell *matHeaderCellDef>Left</th>
              <td mat-cell *matCellDef="let dj">{{ dj.remainingSeconds | duration: 'span' }}</td>
            </ng-container>
            <ng-container matColumnDef="actions">
              <th mat-header-cell *matHeaderCellDef><span class="cdk-visually-hidden">Actions</span></th>
              <td mat-cell *matCellDef="let dj" class="actions">
                <button
                  mat-button
                  type="button"
                  (click)="reset(dj)"
                  [disabled]="busy() || (dj.usedSeconds === 0 && !dj.kicked)"
                  [attr.aria-label]="'Reset the streamed time of ' + dj.userId"
                >
                  <mat-icon svgIcon="restart_alt" /> Reset
                </button>
              </td>
            </ng-container>
            <tr mat-header-row *matHeaderRowDef="columns"></tr>
            <tr mat-row *matRowDef="let dj; columns: columns" data-testid="dj-row"></tr>
            <tr class="mat-mdc-row" *matNoDataRow>
              <td class="mat-mdc-cell empty" [attr.colspan]="columns.length">
                {{ state().settled ? 'No DJ has streamed in the last 30 days.' : 'Loading…' }}
              </td>
            </tr>
          </table>
        </div>
      </mat-card-content>
    </mat-card>
  `,
  styles: `
    .table-scroll {
      overflow-x: auto;
      /* Contains the absolutely positioned visually-hidden header label: else it escapes the scroll
         clip and widens the whole page on a phone (measured: 557 px at 390). */
      position: relative;
    }
    .table {
      width: 100%;
    }
    .actions {
      text-align: right;
    }
    .kicked {
      display: block;
      font-size: 0.85em;
      color: var(--mat-sys-error);
    }
    .empty {
      padding: 16px;
      color: var(--mat-sys-on-surface-variant);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DjUsageCard {
  private readonly api = inject(LivestreamApi);
  private readonly commands = inject(AdminLivestreamService);
  private readonly snackBar = inject(MatSnackBar);
  private readonly reload = inject(PageReload);

  protected readonly columns = ['userId', 'used', 'allowance', 'remaining', 'actions'];
  protected readonly state = loadOnEach(refreshTicks(this.reload.reloads), (_tick, context) => this.api.users(context));
  protected readonly busy = signal(false);

  protected reset(dj: LivestreamUserUsage): void {
    this.busy.set(true);
    this.commands
      .adminLivestreamControllerReset({ user_id: dj.userId })
      .pipe(finalize(() => this.busy.set(false)))
      .subscribe({
        next: () => {
          this.snackBar.open(`${dj.userId} has their whole allowance again.`, undefined, { duration: 3000 });
          this.reload.reload();
        },
        error: () => undefined,
      });
  }
}
