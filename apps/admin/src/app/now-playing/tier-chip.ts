import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatChipsModule } from '@angular/material/chips';
import { MatIconModule } from '@angular/material/icon';
import { Tier } from '@h4k/api-client';

export const TIERS: Readonly<Record<Tier, { readonly icon: string; readonly description: string }>> = {
  live: { icon: 'mic', description: 'Live DJ on air' },
  user: { icon: 'queue_music', description: 'Listener queue' },
  fallback: { icon: 'library_music', description: 'Fallback playlist' },
  noise: { icon: 'graphic_eq', description: 'Noise (nothing else to play)' },
};

/** The on-air tier as a Material chip: live > user > fallback > noise. */
@Component({
  selector: 'h4k-tier-chip',
  imports: [MatChipsModule, MatIconModule],
  template: `
    <mat-chip-set aria-label="On-air tier">
      <mat-chip disableRipple [attr.data-tier]="tier()" data-testid="tier" [title]="meta().description">
        <mat-icon matChipAvatar aria-hidden="true">{{ meta().icon }}</mat-icon>
        {{ tier() }}
      </mat-chip>
    </mat-chip-set>
    <span class="description">{{ meta().description }}</span>
  `,
  styles: `
    :host {
      display: flex;
      align-items: center;
      gap: 12px;
    }
    .description {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-medium);
    }
    .mat-mdc-chip {
      --mat-chip-outline-width: 0;
      --mat-chip-elevated-container-color: var(--tier-bg);
      --mat-chip-label-text-color: var(--tier-fg);
      --mat-chip-with-icon-icon-color: var(--tier-fg);
    }
    [data-tier='live'] {
      --tier-bg: var(--mat-sys-error-container);
      --tier-fg: var(--mat-sys-on-error-container);
    }
    [data-tier='user'] {
      --tier-bg: var(--mat-sys-tertiary-container);
      --tier-fg: var(--mat-sys-on-tertiary-container);
    }
    [data-tier='fallback'] {
      --tier-bg: var(--mat-sys-secondary-container);
      --tier-fg: var(--mat-sys-on-secondary-container);
    }
    [data-tier='noise'] {
      --tier-bg: var(--mat-sys-surface-container-highest);
      --tier-fg: var(--mat-sys-on-surface-variant);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TierChip {
  readonly tier = input.required<Tier>();
  protected readonly meta = computed(() => TIERS[this.tier()]);
}
