import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, contentChild, Directive, inject, input, TemplateRef } from '@angular/core';

/**
 * The rows of an h4k-row-list and the item of one: `<li *h4kRow="let hook of hooks(); key: hookKey">`.
 * Rows are undefined until the first answer; the key identifies a row across reloads.
 */
@Directive({ selector: '[h4kRow]' })
export class RowTemplate<T> {
  /** `of` in the microsyntax. */
  readonly h4kRowOf = input.required<readonly T[] | undefined>();
  /** `key:` in the microsyntax. */
  readonly h4kRowKey = input.required<(row: T) => unknown>();
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
    @let row = rowTemplate();
    @if (row.h4kRowOf(); as list) {
      <ul class="rows">
        @for (item of list; track keyOf(item)) {
          <ng-container [ngTemplateOutlet]="row.template" [ngTemplateOutletContext]="{ $implicit: item }" />
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
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RowList<T> {
  /** False while the first load is under way. */
  readonly settled = input.required<boolean>();
  readonly texts = input.required<RowListTexts>();

  protected readonly rowTemplate = contentChild.required<RowTemplate<T>>(RowTemplate);

  protected keyOf(row: T): unknown {
    return this.rowTemplate().h4kRowKey()(row);
  }
}
