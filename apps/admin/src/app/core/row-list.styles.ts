/**
 * A card's list of bordered rows (issued tokens, webhooks, recordings): `class="rows"` on the list,
 * `class="row"` on each item, which lays out its own content. Put it after the card's own styles:
 * `.bad` must win over a card's muted text.
 */
export const ROW_LIST_STYLES = `
  .muted {
    color: var(--mat-sys-on-surface-variant);
  }
  .rows {
    display: grid;
    gap: 12px;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .row {
    padding: 12px;
    border: 1px solid var(--mat-sys-outline-variant);
    border-radius: 12px;
  }
  .head {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 4px 8px;
  }
  .chip {
    padding: 2px 10px;
    border-radius: 999px;
    background: var(--mat-sys-secondary-container);
    color: var(--mat-sys-on-secondary-container);
    font: var(--mat-sys-label-large);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
  }
  .bad {
    color: var(--mat-sys-error);
  }
`;
