import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, Directive, TemplateRef, contentChild, inject, input } from '@angular/core';

/** The template of one row of an h4k-row-list: `<ng-template [h4kRowOf]="rows()" let-row>`. */
@Directive({ selector: 'ng-template[h4kRowOf]' })
export class RowTemplate<T> {
  /** The same rows as the list's: types `let-row` in the template. */
  readonly rows = input.required<readonly T[] | undefined>({ alias: 'h4kRowOf' });
  readonly template = inject<TemplateRef<{ $implicit: T }>>(TemplateRef);

  static ngTemplateContextGuard<T>(_dir: RowTemplate<T>, _context: unknown): _context is { $implicit: T } {
    return true;
  }
}

export interface RowListTexts {
  /** Said when there are no rows, with its data-testid. */
  readonly empty: string;
  readonly emptyTestid: string;
  /** Said when the first load failed. */
  readonly failed: string;
}

/**
 * A card's list of rows, one `<li>` each from the RowTemplate given as content, a line when there
 * are none, and "Loading…" or the failure until there is a list.
 */
@Component({
  selector: 'h4k-row-list',
  imports: [NgTemplateOutlet],
  template: `
    @if (rows(); as list) {
      <ul class="rows">
        @for (row of list; track key()(row)) {
          <ng-container [ngTemplateOutlet]="rowTemplate().template" [ngTemplateOutletContext]="{ $implicit: row }" />
        } @empty {
          <li class="muted" [attr.data-testid]="texts().emptyTestid">{{ texts().empty }}</li>
        }
      </ul>
    } @else {
      <p class="muted">{{ settled() ? texts().failed : 'Loading…' }}</p>
    }
  `,
  styles: `
    :host {
      display: block;
    }
    .rows {
      display: grid;
      gap: 12px;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .muted {
      margin-bottom: 0;
      color: var(--mat-sys-on-surface-variant);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RowList<T> {
  /** Undefined until the first answer. */
  readonly rows = input.required<readonly T[] | undefined>();
  /** Identifies a row across reloads. */
  readonly key = input.required<(row: T) => unknown>();
  /** False while the first load is under way. */
  readonly settled = input.required<boolean>();
  readonly texts = input.required<RowListTexts>();

  protected readonly rowTemplate = contentChild.required<RowTemplate<T>>(RowTemplate);
}
