import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { STATION_NAME, STREAM_URL } from '../core/station';
import { NowPlayingFeed } from './now-playing-feed';
import { TierChip } from './tier-chip';

@Component({
  selector: 'h4k-now-playing-page',
  imports: [DatePipe, MatCardModule, MatIconModule, TierChip],
  providers: [NowPlayingFeed],
  templateUrl: './now-playing-page.html',
  styleUrl: './now-playing-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class NowPlayingPage {
  protected readonly feed = inject(NowPlayingFeed);
  protected readonly refreshSeconds = Math.round(this.feed.refreshMs / 1000);
  protected readonly streamUrl = STREAM_URL;
  protected readonly stationName = STATION_NAME;
}
