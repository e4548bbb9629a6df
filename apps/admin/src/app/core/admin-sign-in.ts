import {
  ChangeDetectionStrategy,
  Component,
  Directive,
  effect,
  inject,
  input,
  signal,
  TemplateRef,
  untracked,
  ViewContainerRef,
} from '@angular/core';

import { AdminSession } from './admin-session';
import { FORM_CARD_IMPORTS } from './form-card';

/** Asks for the admin token; shown where a page needs admin rights and none is known. */
@Component({
  selector: 'h4k-admin-sign-in',
  imports: [FORM_CARD_IMPORTS],
  template: `
    <mat-card appearance="outlined" data-testid="admin-sign-in">
      <h4k-card-header icon="admin_panel_settings" heading="Admin sign-in" [subheading]="purpose()" />
      <form (submit)="$event.preventDefault(); submit()">
        <mat-card-content>
          <mat-form-field appearance="outline" class="field">
            <mat-label>Admin token</mat-label>
            <input
              matInput
              type="password"
              autocomplete="current-password"
              name="admin-token"
              [value]="draft()"
              (input)="draft.set(input.value)"
              #input
            />
            <mat-hint>One of the station's ADMIN_API_TOKEN values. Kept in this browser until you sign out.</mat-hint>
          </mat-form-field>
        </mat-card-content>
        <mat-card-actions align="end">
          <button mat-flat-button type="submit" [disabled]="!draft().trim()">Sign in</button>
        </mat-card-actions>
      </form>
    </mat-card>
  `,
  styles: `
    .field {
      width: 100%;
      margin-top: 16px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AdminSignIn {
  readonly purpose = input('Sign in to manage the station.');
  private readonly session = inject(AdminSession);
  protected readonly draft = signal('');

  protected submit(): void {
    this.session.signIn(this.draft());
    this.draft.set('');
  }
}

/**
 * `<ng-container *h4kAdminOnly="'Sign in to …'">`: an admin page's cards while the admin is signed
 * in; the sign-in card, saying why with that text, while not. The cards are not even created
 * before sign-in, so none of them asks the API for what it may not read.
 */
@Directive({ selector: '[h4kAdminOnly]' })
export class AdminOnly {
  /** Why the page asks for the admin token: the sign-in card's subtitle. */
  readonly purpose = input.required<string>({ alias: 'h4kAdminOnly' });
  private readonly session = inject(AdminSession);
  private readonly cards = inject(TemplateRef);
  private readonly container = inject(ViewContainerRef);

  constructor() {
    effect(() => {
      const signedIn = this.session.signedIn();
      const purpose = this.purpose();
      untracked(() => {
        this.container.clear();
        if (signedIn) this.container.createEmbeddedView(this.cards);
        else this.container.createComponent(AdminSignIn).setInput('purpose', purpose);
      });
    });
  }
}
