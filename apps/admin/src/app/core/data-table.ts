import { AfterContentInit, ChangeDetectionStrategy, Component, contentChildren, input, viewChild } from '@angular/core';
import { MatColumnDef, MatTable, MatTableModule } from '@angular/material/table';

import { RowAction, RowActionAppearance, RowActions } from './row-actions';

/**
 * A Material table that scrolls sideways on a phone, with a row-actions column (`actions` in
 * `columns`) and a line where there are no rows. The other columns are `matColumnDef`s given as
 * content (Material's "wrapper table": they are added to the inner table by hand).
 */
@Component({
  selector: 'h4k-data-table',
  imports: [MatTableModule, RowActions],
  template: `
    <div class="table-scroll">
      <table mat-table [dataSource]="rows()" class="table">
        <ng-content />
        <ng-container matColumnDef="actions">
          <th mat-header-cell *matHeaderCellDef><span class="cdk-visually-hidden">Actions</span></th>
          <td mat-cell *matCellDef="let row" class="actions">
            <h4k-row-actions [row]="row" [actions]="actions()" [appearance]="actionAppearance()" />
          </td>
        </ng-container>
        <tr mat-header-row *matHeaderRowDef="columns()"></tr>
        <tr mat-row *matRowDef="let row; columns: columns()" [attr.data-testid]="rowTestid()"></tr>
        <tr class="mat-mdc-row" *matNoDataRow>
          <td class="mat-mdc-cell empty" [attr.colspan]="columns().length">{{ empty() }}</td>
        </tr>
      </table>
    </div>
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
      white-space: nowrap;
    }
    .empty {
      padding: 16px;
      color: var(--mat-sys-on-surface-variant);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DataTable<T> implements AfterContentInit {
  readonly rows = input.required<readonly T[]>();
  /** Column ids in order; `actions` is the row-actions column. */
  readonly columns = input.required<readonly string[]>();
  readonly actions = input<readonly RowAction<T>[]>([]);
  readonly actionAppearance = input<RowActionAppearance>('text');
  readonly rowTestid = input.required<string>();
  /** What the table says when it has no rows. */
  readonly empty = input('');

  private readonly columnDefs = contentChildren(MatColumnDef);
  private readonly table = viewChild.required<MatTable<T>>(MatTable);

  ngAfterContentInit(): void {
    for (const def of this.columnDefs()) this.table().addColumnDef(def);
  }
}
