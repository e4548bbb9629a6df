import { Clipboard } from '@angular/cdk/clipboard';
import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTooltipModule } from '@angular/material/tooltip';

/** A minted token (or any long value) in monospace, with a copy button. */
@Component({
  selector: 'h4k-secret-field',
  imports: [MatButtonModule, MatIconModule, MatTooltipModule],
  template: `
    <span class="label">{{ label() }}</span>
    <code class="value" data-testid="secret-value">{{ value() }}</code>
    <button mat-icon-button type="button" (click)="copy()" [attr.aria-label]="'Copy ' + label()" matTooltip="Copy">
      <mat-icon svgIcon="content_copy" />
    </button>
  `,
  styles: `
    :host {
      display: grid;
      grid-template-columns: 1fr auto;
      align-items: center;
      gap: 0 8px;
    }
    .label {
      grid-column: 1 / -1;
      font: var(--mat-sys-label-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    .value {
      padding: 8px;
      border-radius: 4px;
      background: var(--mat-sys-surface-container-high);
      overflow-wrap: anywhere;
      font-size: 12px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SecretField {
  readonly label = input.required<string>();
  readonly value = input.required<string>();
  private readonly clipboard = inject(Clipboard);
  private readonly snackBar = inject(MatSnackBar);

  protected copy(): void {
    const copied = this.clipboard.copy(this.value());
    this.snackBar.open(copied ? `${this.label()} copied.` : 'Could not copy: select the text instead.', undefined, {
      duration: 2500,
    });
  }
}
