import { HttpContext } from '@angular/common/http';
import { inject, Signal } from '@angular/core';
import { Observable } from 'rxjs';

import { ApiState, loadOnEach } from './api-state';
import { PageReload } from './page-reload';
import { refreshTicks } from './refresh';

/**
 * What a card shows of the station: loaded now, on every refresh tick and whenever the admin
 * changed something on the page (PageReload). Call in an injection context.
 */
export function loadWithPage<T>(load: (context: HttpContext) => Observable<T>): Signal<ApiState<T>> {
  return loadOnEach(refreshTicks(inject(PageReload).reloads), (_tick, context) => load(context));
}
