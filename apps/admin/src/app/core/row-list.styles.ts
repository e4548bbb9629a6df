/**
 * The rows of an h4k-row-list (issued tokens, webhooks, recordings): `class="row"` on each item,
 * which lays out its own content; head line, chip, actions. Put it first: a card's own styles
 * come after it and win.
 */
export const ROW_LIST_STYLES = `
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
`;
