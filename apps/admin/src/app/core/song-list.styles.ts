/**
 * One song a row (title over a muted line, a tag at the end; the current one highlighted): the
 * rows of Up next and Recently played. Put `class="songs"` on the list.
 */
export const SONG_LIST_STYLES = `
  .songs {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .songs > li {
    display: flex;
    align-items: center;
    gap: 12px;
    padding: 8px;
    border-radius: 8px;
  }
  .current {
    background: var(--mat-sys-secondary-container);
  }
  .what {
    flex: 1;
    min-width: 0;
    display: grid;
  }
  .song-title,
  .line {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .line,
  .tag,
  .empty {
    color: var(--mat-sys-on-surface-variant);
    font: var(--mat-sys-body-small);
  }
`;
