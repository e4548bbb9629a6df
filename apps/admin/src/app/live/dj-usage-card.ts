import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatTableModule } from '@angular/material/table';
import { AdminLivestreamService } from '@h4k/api-client';
import { actionRunner } from '../core/action-runner';
import { DurationPipe } from '../core/duration.pipe';
import { loadWithPage } from '../core/page-data';
import { PanelCard } from '../core/panel-card';
import { LivestreamApi, LivestreamUserUsage } from './livestream-api';

/** `GET /admin/livestream/users`: streamed and remaining time per DJ, with a reset per row. */
@Component({
  selector: 'h4k-dj-usage-card',
  imports: [DurationPipe, MatButtonModule, MatIconModule, MatTableModule, PanelCard],
  template: `
    <h4k-card data-testid="dj-usage" icon="timer" heading="DJ allowances" subheading="Streamed time is kept 30 days">
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
                [disabled]="actions.busy() || (dj.usedSeconds === 0 && !dj.kicked)"
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
    </h4k-card>
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

  protected readonly columns = ['userId', 'used', 'allowance', 'remaining', 'actions'];
  protected readonly state = loadWithPage((context) => this.api.users(context));
  protected readonly actions = actionRunner();

  protected reset(dj: LivestreamUserUsage): void {
    this.actions.run(
      this.commands.adminLivestreamControllerReset({ user_id: dj.userId }),
      () => `${dj.userId} has their whole allowance again.`,
    );
  }
}
