import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatCardModule } from '@angular/material/card';
import { SecretField } from '../core/secret-field';
import { Harbor } from '../core/harbor';
import { DjSession } from './dj-session';

/** How a DJ connects: a ready-to-paste ffmpeg command, and the fields OBS, BUTT and Mixxx ask for. */
@Component({
  selector: 'h4k-encoder-settings-card',
  imports: [MatCardModule, SecretField],
  template: `
    <mat-card appearance="outlined" data-testid="encoder-settings">
      <mat-card-content>
        <h2 class="card-heading">Connect your encoder</h2>
        <h3 class="sub">ffmpeg</h3>
        <h4k-secret-field label="Command (replace set.mp3 with your source)" [value]="ffmpeg()" data-testid="ffmpeg" />
        <h3 class="sub">BUTT, Mixxx, OBS</h3>
        <p class="note">Server type Icecast 2, Ogg/Opus or MP3.</p>
        <dl class="facts">
          <dt>Host</dt>
          <dd data-testid="harbor-host">{{ harbor().host }}</dd>
          <dt>Port</dt>
          <dd data-testid="harbor-port">{{ harbor().port }}</dd>
          <dt>Mount</dt>
          <dd data-testid="harbor-mount">{{ harbor().mount }}</dd>
          <dt>User</dt>
          <dd>{{ harbor().user }}</dd>
        </dl>
        <h4k-secret-field [label]="passwordLabel()" [value]="session.password() ?? ''" />
        <p class="note">
          OBS: Settings → Output → Recording, type "Custom Output (FFmpeg)", container format ogg, muxer settings
          <code>page_duration=100000</code> (you are on air ~1 s sooner), output to URL:
        </p>
        <h4k-secret-field label="Icecast URL" [value]="icecastUrl()" />
      </mat-card-content>
    </mat-card>
  `,
  styles: `
    :host {
      display: block;
      min-width: 0;
    }
    mat-card-content {
      display: grid;
      gap: 8px;
    }
    .sub {
      margin: 8px 0 0;
      font: var(--mat-sys-title-small);
    }
    .note {
      margin: 0;
      color: var(--mat-sys-on-surface-variant);
    }
    dd {
      font-family: monospace;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class EncoderSettingsCard {
  protected readonly session = inject(DjSession);
  private readonly station = inject(Harbor);
  protected readonly harbor = this.station.endpoint;

  protected readonly passwordLabel = computed(() =>
    this.session.key.value() ? 'Password (your DJ key)' : 'Password (your DJ token)',
  );
  protected readonly icecastUrl = computed(() => this.station.icecastUrl(this.session.password() ?? ''));
  protected readonly ffmpeg = computed(() => {
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
