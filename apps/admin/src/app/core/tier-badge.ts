import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { Tier } from '@h4k/api-client';

export const TIER_BADGES: Readonly<Record<Tier, { readonly label: string; readonly description: string }>> = {
  live: { label: 'LIVE', description: 'A DJ is live' },
  user: { label: 'QUEUE', description: 'A song a listener queued' },
  fallback: { label: 'FALLBACK', description: "From the station's playlist" },
  noise: { label: 'OFF AIR', description: 'Nothing to play' },
};

/** The on-air tier as a small coloured badge: live > queue > fallback > off air. */
@Component({
  selector: 'h4k-tier-badge',
  template: `<span class="badge" data-testid="tier" [attr.data-tier]="tier()" [title]="badge().description">{{
    badge().label
  }}</span>`,
  styles: `
    .badge {
      display: inline-block;
      padding: 2px 10px;
      border-radius: 999px;
      font: var(--mat-sys-label-large);
      letter-spacing: 0.06em;
      background: var(--mat-sys-surface-container-highest);
      color: var(--mat-sys-on-surface-variant);
    }
    [data-tier='live'] {
      background: var(--mat-sys-error);
      color: var(--mat-sys-on-error);
    }
    [data-tier='user'] {
      background: var(--mat-sys-tertiary-container);
      color: var(--mat-sys-on-tertiary-container);
    }
    [data-tier='fallback'] {
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TierBadge {
  readonly tier = input.required<Tier>();
  protected readonly badge = computed(() => TIER_BADGES[this.tier()]);
}
