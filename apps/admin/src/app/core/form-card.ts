import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';

import { CardHeader } from './panel-card';

/**
 * What a card with a form imports: Material's card, fields, inputs, buttons and icons, and the
 * panel's card header. Reactive cards add ReactiveFormsModule themselves (it also turns off the
 * browser's own validation, which the plain forms keep).
 */
export const FORM_CARD_IMPORTS = [
  CardHeader,
  MatButtonModule,
  MatCardModule,
  MatFormFieldModule,
  MatIconModule,
  MatInputModule,
] as const;

/**
 * An outlined card around one form: its `h4k-card-header`, the fields in a `.form-fields` grid, and
 * the element marked `submit` (its button) at the end. Put `[formGroup]` and `(ngSubmit)` on this
 * element: the fields inside it find the group, and the form's submit event reaches it. What the
 * card shows after the form (a minted token, the songs sent) is marked `after`. The card's
 * `data-testid` goes on this element too.
 */
@Component({
  selector: 'h4k-form-card',
  imports: [MatCardModule],
  template: `
    <mat-card appearance="outlined">
      <ng-content select="h4k-card-header" />
      <!-- The cards check their fields themselves (mat-error), as reactive forms do. -->
      <form novalidate>
        <mat-card-content class="form-fields">
          <ng-content />
        </mat-card-content>
        <mat-card-actions align="end">
          <ng-content select="[submit]" />
        </mat-card-actions>
      </form>
      <ng-content select="[after]" />
    </mat-card>
  `,
  styles: `
    :host {
      display: block;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FormCard {}
