import { Webhook, WebhookDelivery } from '@h4k/api-client';

import { PageHarness } from '../core/page-harness';
import { apiError, button, snackbarText, typeInto } from '../core/testing';
import WebhooksPage from './webhooks-page';

const HOOKS: Webhook[] = [
  {
    id: 'b0000000-0000-4000-8000-000000000001',
    url: 'https://discord.com/api/webhooks/1/abc',
    events: ['song.changed', 'live.started'],
    format: 'discord',
    enabled: true,
    disabledReason: null,
    consecutiveFailures: 2,
    createdAt: '2026-11-24T20:00:00Z',
    lastDeliveryAt: '2026-11-24T20:05:00Z',
  },
  {
    id: 'b0000000-0000-4000-8000-000000000002',
    url: 'https://example.org/hook',
    events: ['station.off_air'],
    format: 'json',
    enabled: false,
    disabledReason: 'disabled after 20 failed attempts in a row (last: no answer within 5 s)',
    consecutiveFailures: 20,
    createdAt: '2026-11-23T20:00:00Z',
    lastDeliveryAt: '2026-11-24T19:00:00Z',
  },
];

const DELIVERIES: WebhookDelivery[] = [
  {
    id: 'c0000000-0000-4000-8000-000000000002',
    eventId: 'msg_1',
    event: 'song.changed',
    attempt: 2,
    status: 'delivered',
    httpStatus: 204,
    error: null,
    durationMs: 80,
    at: '2026-11-24T20:05:00Z',
  },
  {
    id: 'c0000000-0000-4000-8000-000000000001',
    eventId: 'msg_1',
    event: 'song.changed',
    attempt: 1,
    status: 'failed',
    httpStatus: 500,
    error: 'the receiver answered HTTP 500',
    durationMs: 40,
    at: '2026-11-24T20:04:59Z',
  },
];

describe('WebhooksPage', () => {
  let view: PageHarness<WebhooksPage>;
  const el = () => view.el;
  const rows = () => Array.from(el().querySelectorAll('[data-testid="webhook-row"]'));

  beforeEach(() => {
    view = new PageHarness(WebhooksPage, { admin: true });
    view.answer('/api/admin/webhooks', HOOKS);
  });

  afterEach(() => view.stop({ '/api/admin/webhooks': HOOKS }));

  it('lists each webhook with its state: failures in a row, and why one is disabled', () => {
    expect(rows().map((row) => row.querySelector('[data-testid="webhook-state"]')?.textContent?.trim())).toEqual([
      expect.stringContaining('2 failed attempts in a row (off at 20)'),
      expect.stringContaining('Disabled: disabled after 20 failed attempts in a row'),
    ]);
    expect(rows()[0]?.textContent).toContain('song.changed, live.started');
  });

  it('adds a webhook and shows its secret once', () => {
    typeInto(el().querySelector('[data-testid="add-webhook"] input[type="url"]'), 'https://example.org/new');
    view.render();
    button('Add webhook').click();
    const create = view.backend.expectOne('/api/admin/webhooks');
    expect(create.request.method).toBe('POST');
    expect(create.request.body).toEqual({ url: 'https://example.org/new', format: 'json', events: ['song.changed'] });
    create.flush({
      ...HOOKS[0],
      id: 'b0000000-0000-4000-8000-000000000003',
      secret: 'whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0',
    });
    view.settle();
    expect(el().querySelector('[data-testid="webhook-created"] [data-testid="secret-value"]')?.textContent).toBe(
      'whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0',
    );
  });

  it('says why the gateway refused a URL', () => {
    typeInto(el().querySelector('[data-testid="add-webhook"] input[type="url"]'), 'http://10.0.0.1/');
    view.render();
    button('Add webhook').click();
    view.backend
      .expectOne('/api/admin/webhooks')
      .flush(...apiError(400, 'url refused: 10.0.0.1:80: 10.0.0.1 is a private address'));
    view.settle();
    expect(snackbarText()).toContain('private address');
    expect(el().querySelector('[data-testid="webhook-created"]')).toBeNull();
  });

  it('shows the deliveries of one webhook: attempts, status, error', () => {
    (rows()[0]?.querySelector('[data-testid="webhook-deliveries-toggle"]') as HTMLButtonElement).click();
    view.settle();
    view.backend.match('/api/admin/webhooks').forEach((r) => r.flush(HOOKS));
    view.backend.expectOne(`/api/admin/webhooks/${HOOKS[0]?.id}/deliveries`).flush(DELIVERIES);
    view.settle();
    const lines = Array.from(el().querySelectorAll('[data-testid="webhook-delivery"]')).map((row) =>
      row.textContent?.replace(/\s+/g, ' ').trim(),
    );
    expect(lines[0]).toContain('delivered · HTTP 204');
    expect(lines[1]).toContain('failed · HTTP 500');
    expect(lines[1]).toContain('the receiver answered HTTP 500');
  });
});
