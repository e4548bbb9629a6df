import { Injectable } from '@angular/core';
import { Subject } from 'rxjs';

/** Provided per page: tells every list on it to reload after the admin changed something. */
@Injectable()
export class PageReload {
  private readonly requests = new Subject<void>();
  readonly reloads = this.requests.asObservable();

  reload(): void {
    this.requests.next();
  }
}
