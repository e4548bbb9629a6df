import { ChangeDetectionStrategy, Component, computed, inject, InjectionToken, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import { AdminLibraryService, LibrarySong, LibraryTagsDto } from '@h4k/api-client';
import { combineLatest, debounceTime, filter, map, startWith, Subject, switchMap } from 'rxjs';

import { loadOnEach } from '../core/api-state';
import { confirmAction } from '../core/confirm-dialog';
import { DataTable } from '../core/data-table';
import { DurationPipe } from '../core/duration.pipe';
import { PanelCard } from '../core/panel-card';
import { RowAction } from '../core/row-actions';
import { EditSongDialog } from './edit-song-dialog';

/** Quiet time after the last keystroke before the library is searched. */
export const SEARCH_DEBOUNCE_MS = new InjectionToken<number>('SEARCH_DEBOUNCE_MS', {
  providedIn: 'root',
  factory: () => 300,
});

export const PAGE_SIZES = [25, 50, 100, 200] as const;

interface LibraryQuery {
  /** 1-based, as the API counts. */
  readonly page: number;
  readonly pageSize: number;
  readonly search: string;
}

/** `GET /admin/library` as a paged, searchable table with retag and delete per row. */
@Component({
  selector: 'h4k-library-table',
  imports: [
    DataTable,
    DurationPipe,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatPaginatorModule,
    MatProgressBarModule,
    MatTableModule,
    PanelCard,
  ],
  templateUrl: './library-table.html',
  styleUrl: './library-table.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LibraryTable {
  private readonly api = inject(AdminLibraryService);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);

  protected readonly pageSizes = PAGE_SIZES;
  protected readonly columns = ['title', 'artist', 'duration', 'actions'];
  protected readonly rowActions: readonly RowAction<LibrarySong>[] = [
    {
      icon: 'edit',
      label: 'Edit tags',
      ariaLabel: (song) => `Edit tags of ${song.title}`,
      run: (song) => this.edit(song),
    },
    { icon: 'delete', label: 'Delete', ariaLabel: (song) => `Delete ${song.title}`, run: (song) => this.remove(song) },
  ];
  protected readonly query = signal<LibraryQuery>({ page: 1, pageSize: 50, search: '' });
  private readonly searchInput = new Subject<string>();
  private readonly reloads = new Subject<void>();

  protected readonly state = loadOnEach(
    combineLatest([toObservable(this.query), this.reloads.pipe(startWith(undefined))]).pipe(map(([query]) => query)),
    ({ page, pageSize, search }, context) =>
      this.api.libraryControllerList({ page, page_size: pageSize, search: search || undefined }, context),
  );
  protected readonly songs = computed(() => this.state().value?.songs ?? []);
  protected readonly total = computed(() => this.state().value?.total ?? 0);
  protected readonly subheading = computed(() => {
    const page = this.state().value;
    if (!page) return "The fallback playlist's songs";
    const { search } = this.query();
    return `${page.total} song${page.total === 1 ? '' : 's'}${search ? ` matching “${search}”` : ''}`;
  });

  constructor() {
    this.searchInput
      .pipe(
        debounceTime(inject(SEARCH_DEBOUNCE_MS)),
        map((text) => text.trim()),
        takeUntilDestroyed(),
      )
      .subscribe((search) => {
        if (search !== this.query().search) this.query.update((q) => ({ ...q, search, page: 1 }));
      });
  }

  protected searchFor(text: string): void {
    this.searchInput.next(text);
  }

  protected changePage(event: PageEvent): void {
    this.query.update((q) => ({ ...q, page: event.pageIndex + 1, pageSize: event.pageSize }));
  }

  protected edit(song: LibrarySong): void {
    this.dialog
      .open<EditSongDialog, LibrarySong, LibraryTagsDto>(EditSongDialog, { data: song, width: '480px' })
      .afterClosed()
      .pipe(
        filter((tags): tags is LibraryTagsDto => tags !== undefined),
        switchMap((tags) => this.api.libraryControllerRetag({ id: song.id, body: tags })),
      )
      .subscribe({
        next: (saved) => {
          this.snackBar.open(`Saved “${saved.title}”.`, undefined, { duration: 3000 });
          this.reload();
        },
        error: () => undefined,
      });
  }

  protected remove(song: LibrarySong): void {
    confirmAction(this.dialog, {
      title: 'Delete from the library?',
      message: `“${song.title}” (${song.file}) is deleted from disk and leaves the fallback playlist.`,
      action: 'Delete',
    })
      .pipe(
        filter(Boolean),
        switchMap(() => this.api.libraryControllerRemove({ id: song.id })),
      )
      .subscribe({
        next: () => {
          this.snackBar.open(`Deleted “${song.title}”.`, undefined, { duration: 3000 });
          // The last row of a later page: show the page before instead of an empty one.
          const { page } = this.query();
          if (this.songs().length === 1 && page > 1) this.query.update((q) => ({ ...q, page: page - 1 }));
          else this.reload();
        },
        error: () => undefined,
      });
  }

  reload(): void {
    this.reloads.next();
  }
}
