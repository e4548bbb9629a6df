import { booleanAttribute, ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';

/**
 * A card's header: avatar icon, title and subtitle. Goes first inside a `<mat-card>`; form cards,
 * whose `<form>` holds their content and actions, use it on its own, other cards through PanelCard.
 */
@Component({
  selector: 'h4k-card-header',
  imports: [MatCardModule, MatIconModule],
  template: `
    <mat-card-header>
      <mat-icon mat-card-avatar aria-hidden="true" [class.alert]="alert()" [svgIcon]="icon()" />
      <mat-card-title>{{ heading() }}</mat-card-title>
      <mat-card-subtitle>{{ subheading() }}</mat-card-subtitle>
    </mat-card-header>
  `,
  // The header stays a direct flex child of the card, as if it were written there.
  styles: `
    :host {
      display: contents;
    }
    .alert {
      color: var(--mat-sys-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CardHeader {
  readonly icon = input.required<string>();
  readonly heading = input.required<string>();
  readonly subheading = input('');
  /** Shows the icon in the error colour (the live slot while a DJ is on air). */
  readonly alert = input(false, { transform: booleanAttribute });
}

/**
 * The panel's outlined card. With an `icon` it opens with a CardHeader; without, with a plain
 * heading (an h2 under the page's h1) at the top of its content. What the card holds goes into
 * `<mat-card-content>`; a `<mat-card-actions>` in it is placed after the content. Put the card's
 * `data-testid` on this element.
 */
@Component({
  selector: 'h4k-card',
  imports: [CardHeader, MatCardModule],
  template: `
    <mat-card appearance="outlined">
      @if (icon(); as avatar) {
        <h4k-card-header [icon]="avatar" [heading]="heading()" [subheading]="subheading()" [alert]="alert()" />
      }
      <mat-card-content [attr.aria-live]="live() ? 'polite' : null">
        @if (!icon()) {
          <h2 class="card-heading">{{ heading() }}</h2>
        }
        <ng-content />
      </mat-card-content>
      <ng-content select="mat-card-actions" />
    </mat-card>
  `,
  styles: `
    :host {
      display: block;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PanelCard {
  readonly heading = input.required<string>();
  readonly icon = input<string>();
  readonly subheading = input('');
  readonly alert = input(false, { transform: booleanAttribute });
  /** Announces changes of the content to screen readers (a status that updates on its own). */
  readonly live = input(false, { transform: booleanAttribute });
}
