import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';

import { Harbor, HARBOR_LOADING, icecastUrl } from '../core/harbor';
import { HarborFacts } from '../core/harbor-facts';
import { PanelCard } from '../core/panel-card';
import { SecretField } from '../core/secret-field';
import { DjSession } from './dj-session';

/**
 * How a DJ connects: a ready-to-paste ffmpeg command, and the fields OBS, BUTT and Mixxx ask for;
 * shown once the station has said where its harbor is, never with a port it may not use.
 */
@Component({
  selector: 'h4k-encoder-settings-card',
  imports: [HarborFacts, PanelCard, SecretField],
  template: `
    <h4k-card heading="Connect your encoder" data-testid="encoder-settings">
      @if (harbor()) {
        <div class="settings">
          <h3 class="sub">ffmpeg</h3>
          <h4k-secret-field
            label="Command (replace set.mp3 with your source)"
            [value]="ffmpeg()"
            data-testid="ffmpeg"
          />
          <h3 class="sub">BUTT, Mixxx, OBS</h3>
          <p class="note">Server type Icecast 2, Ogg/Opus or MP3.</p>
          <h4k-harbor-facts />
          <h4k-secret-field [label]="passwordLabel()" [value]="session.password() ?? ''" />
          <p class="note">
            OBS: Settings → Output → Recording, type "Custom Output (FFmpeg)", container format ogg, muxer settings
            <code>page_duration=100000</code> (you are on air ~1 s sooner), output to URL:
          </p>
          <h4k-secret-field label="Icecast URL" [value]="icecastUrl()" />
        </div>
      } @else {
        <p class="note" data-testid="harbor-loading">{{ loading }}</p>
      }
    </h4k-card>
  `,
  styles: `
    :host {
      display: block;
      min-width: 0;
    }
    /* 8px more below the heading: the gap it had when it was an item of this grid. */
    .settings {
      display: grid;
      gap: 8px;
      padding-top: 8px;
    }
    .sub {
      margin: 8px 0 0;
      font: var(--mat-sys-title-small);
    }
    .note {
      margin: 0;
      color: var(--mat-sys-on-surface-variant);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class EncoderSettingsCard {
  protected readonly session = inject(DjSession);
  protected readonly harbor = inject(Harbor).endpoint;
  protected readonly loading = HARBOR_LOADING;

  protected readonly passwordLabel = computed(() =>
    this.session.key.value() ? 'Password (your DJ key)' : 'Password (your DJ token)',
  );
  protected readonly icecastUrl = computed(() => {
    const harbor = this.harbor();
    return harbor ? icecastUrl(harbor, this.session.password() ?? '') : '';
  });
  /** Empty until the harbor is known (the template shows `loading` then). */
  protected readonly ffmpeg = computed(() => {
    if (!this.harbor()) return '';
    const show = this.session.claims()?.label ?? 'My show';
    return (
      `ffmpeg -re -i set.mp3 -c:a libopus -b:a 128k -page_duration 100000 -f ogg -content_type audio/ogg ` +
      `-ice_name ${shellQuote(show)} ${shellQuote(this.icecastUrl())}`
    );
  });
}

/** One shell word in single quotes, whatever it holds. */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
