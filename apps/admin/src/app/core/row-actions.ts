import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatButtonAppearance, MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatTooltipModule } from '@angular/material/tooltip';

/** What a row's button shows and does; a function is asked again for each row. */
export interface RowAction<T> {
  readonly icon: string | ((row: T) => string);
  readonly label: string | ((row: T) => string);
  /** The accessible name, where the label alone does not say which row it acts on. */
  readonly ariaLabel?: (row: T) => string;
  readonly testid?: string;
  /** Destroys something (delete, revoke): shown in the error colour. */
  readonly danger?: boolean;
  readonly disabled?: (row: T) => boolean;
  readonly run: (row: T) => void;
}

/** A button with its label, or (`icon`) an icon button with the label as its tooltip. */
export type RowActionAppearance = MatButtonAppearance | 'icon';

/**
 * The buttons of one row of a list or table (Play, Delete, Revoke…). The host lays nothing out:
 * put it in the row's actions container.
 */
@Component({
  selector: 'h4k-row-actions',
  imports: [MatButtonModule, MatIconModule, MatTooltipModule],
  template: `
    @for (action of actions(); track $index) {
      @let appearance = this.appearance();
      @if (appearance === 'icon') {
        <button
          mat-icon-button
          type="button"
          [matTooltip]="text(action.label)"
          [attr.aria-label]="action.ariaLabel?.(row()) ?? null"
          [disabled]="action.disabled?.(row()) ?? false"
          (click)="action.run(row())"
        >
          <mat-icon [svgIcon]="text(action.icon)" />
        </button>
      } @else {
        <button
          type="button"
          [matButton]="appearance"
          [class.danger]="action.danger"
          [attr.data-testid]="action.testid ?? null"
          [disabled]="action.disabled?.(row()) ?? false"
          [attr.aria-label]="action.ariaLabel?.(row()) ?? null"
          (click)="action.run(row())"
        >
          <mat-icon [svgIcon]="text(action.icon)" /> {{ text(action.label) }}
        </button>
      }
    }
  `,
  styles: `
    :host {
      display: contents;
    }
    .danger {
      color: var(--mat-sys-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RowActions<T> {
  readonly row = input.required<T>();
  readonly actions = input.required<readonly RowAction<T>[]>();
  readonly appearance = input<RowActionAppearance>('outlined');

  protected text(value: string | ((row: T) => string)): string {
    return typeof value === 'string' ? value : value(this.row());
  }
}
