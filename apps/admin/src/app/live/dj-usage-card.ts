import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatTableModule } from '@angular/material/table';
import { AdminLivestreamService } from '@h4k/api-client';

import { actionRunner } from '../core/action-runner';
import { DataTable } from '../core/data-table';
import { DurationPipe } from '../core/duration.pipe';
import { loadWithPage } from '../core/page-data';
import { PanelCard } from '../core/panel-card';
import { RowAction } from '../core/row-actions';
import { LivestreamApi, LivestreamUserUsage } from './livestream-api';

/** The time columns, each a span of seconds. */
const TIME_COLUMNS: readonly { id: string; title: string; seconds: (dj: LivestreamUserUsage) => number | null }[] = [
  { id: 'used', title: 'Streamed', seconds: (dj) => dj.usedSeconds },
  { id: 'allowance', title: 'Allowance', seconds: (dj) => dj.maxStreamingSeconds },
  { id: 'remaining', title: 'Left', seconds: (dj) => dj.remainingSeconds },
];

/** `GET /admin/livestream/users`: streamed and remaining time per DJ, with a reset per row. */
@Component({
  selector: 'h4k-dj-usage-card',
  imports: [DataTable, DurationPipe, MatTableModule, PanelCard],
  template: `
    <h4k-card data-testid="dj-usage" icon="timer" heading="DJ allowances" subheading="Streamed time is kept 30 days">
      <h4k-data-table
        [rows]="state().value ?? []"
        [columns]="columns"
        [actions]="rowActions"
        rowTestid="dj-row"
        [empty]="state().settled ? 'No DJ has streamed in the last 30 days.' : 'Loading…'"
      >
        <ng-container matColumnDef="userId">
          <th mat-header-cell *matHeaderCellDef>DJ</th>
          <td mat-cell *matCellDef="let dj">
            {{ dj.userId }}
            @if (dj.kicked) {
              <span class="kicked" data-testid="dj-kicked">kicked: refused until reset</span>
            }
          </td>
        </ng-container>
        @for (column of timeColumns; track column.id) {
          <ng-container [matColumnDef]="column.id">
            <th mat-header-cell *matHeaderCellDef>{{ column.title }}</th>
            <td mat-cell *matCellDef="let dj">{{ column.seconds(dj) | duration: 'span' }}</td>
          </ng-container>
        }
      </h4k-data-table>
    </h4k-card>
  `,
  styles: `
    .kicked {
      display: block;
      font-size: 0.85em;
      color: var(--mat-sys-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DjUsageCard {
  private readonly api = inject(LivestreamApi);
  private readonly commands = inject(AdminLivestreamService);

  protected readonly timeColumns = TIME_COLUMNS;
  protected readonly columns = ['userId', ...TIME_COLUMNS.map((column) => column.id), 'actions'];
  protected readonly state = loadWithPage((context) => this.api.users(context));
  protected readonly actions = actionRunner();
  protected readonly rowActions: readonly RowAction<LivestreamUserUsage>[] = [
    {
      icon: 'restart_alt',
      label: 'Reset',
      ariaLabel: (dj) => `Reset the streamed time of ${dj.userId}`,
      disabled: (dj) => this.actions.busy() || (dj.usedSeconds === 0 && !dj.kicked),
      run: (dj) => this.reset(dj),
    },
  ];

  protected reset(dj: LivestreamUserUsage): void {
    this.actions.run(
      this.commands.adminLivestreamControllerReset({ user_id: dj.userId }),
      () => `${dj.userId} has their whole allowance again.`,
    );
  }
}
