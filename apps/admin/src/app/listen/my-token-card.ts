import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';

import { FORM_CARD_IMPORTS } from '../core/form-card';
import { ListenerSession } from './listener-session';

/** Where a listener pastes the token they were given, or sees it is kept here and removes it. */
@Component({
  selector: 'h4k-my-token-card',
  imports: [FORM_CARD_IMPORTS, DatePipe],
  template: `
    <mat-card appearance="outlined" data-testid="my-token">
      <mat-card-content>
        @if (session.value()) {
          <div class="kept">
            <mat-icon aria-hidden="true" svgIcon="key" />
            <span class="text" data-testid="token-kept">
              Your listener token is kept in this browser
              @if (session.expiresAt(); as expires) {
                until {{ expires | date: 'medium' }}
              }
            </span>
            <button mat-button type="button" (click)="session.clear()" data-testid="forget-token">Remove</button>
          </div>
        } @else {
          <h2 class="card-heading">Send songs to the station</h2>
          <form (submit)="$event.preventDefault(); keep()">
            <mat-form-field appearance="outline" class="field" subscriptSizing="dynamic">
              <mat-label>Listener token</mat-label>
              <input
                matInput
                name="listener-token"
                autocomplete="off"
                [value]="draft()"
                (input)="draft.set(input.value)"
                #input
              />
              <mat-hint>Paste the token from your invitation, or open your link</mat-hint>
            </mat-form-field>
            <button mat-flat-button type="submit" [disabled]="!draft().trim()">Use token</button>
          </form>
        }
      </mat-card-content>
    </mat-card>
  `,
  styles: `
    .kept {
      display: flex;
      align-items: center;
      flex-wrap: wrap;
      gap: 8px;
    }
    .text {
      flex: 1;
      min-width: 12em;
    }
    form {
      display: flex;
      flex-wrap: wrap;
      align-items: flex-start;
      gap: 12px;
    }
    .field {
      flex: 1;
      min-width: min(100%, 16em);
    }
    form button {
      margin-top: 8px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MyTokenCard {
  protected readonly session = inject(ListenerSession);
  protected readonly draft = signal('');

  protected keep(): void {
    this.session.set(this.draft());
    this.draft.set('');
  }
}
