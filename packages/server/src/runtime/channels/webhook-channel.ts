import { MAX_REDIRECTS, OutboundError, type OutboundHttp } from '../outbound-http.ts';
import { signWebhook } from '../webhook-signature.ts';
import type { AdapterExchange, AdapterResult, ChannelAdapter, OutboundAction } from './channel-adapter.ts';

/** A receiver's answer is read up to this size, then the attempt fails. */
const MAX_ANSWER_BYTES = 64 * 1024;
/** Failures no later attempt can fix: the target is refused or unusable, or the answer is too big. */
const PERMANENT_ERRORS = new Set(['SSRF_REFUSED', 'invalid_url', 'redirect_refused', 'too_many_redirects', 'too_large']);

export interface WebhookChannelOptions {
  http: OutboundHttp;
  url: string;
  /** The channel's signing secret, opened. */
  secret: string;
  timeoutMs: number;
  /** Clock of the signature (unix ms). */
  now?: () => number;
}

/** The JSON body a webhook channel posts: the action, its attempt, and what it is about. */
export function actionPayload(a: OutboundAction): Record<string, unknown> {
  return { id: a.id, type: a.type, kind: a.kind, attempt: a.attempt, orgId: a.orgId, createdAt: a.createdAt.toISOString(), params: a.params, context: a.context };
}

/**
 * Carries actions to an HTTP endpoint of the bank (its SMS gateway, IVR or core-system adapter):
 * a JSON POST through the guarded outbound client (SSRF guard, allow-list, deadline, size cap),
 * signed with the webhook HMAC scheme, with the action id as idempotency key so the receiver can
 * drop the duplicates that retries make. A `2xx` answer with a JSON object (or no body) succeeds
 * and becomes the action's result; `408`, `429`, `5xx`, timeouts and network errors are worth
 * another attempt; other answers and refused targets are not.
 */
export class WebhookChannel implements ChannelAdapter {
  constructor(private readonly o: WebhookChannelOptions) {}

  async send(action: OutboundAction, signal?: AbortSignal): Promise<AdapterResult> {
    const body = JSON.stringify(actionPayload(action));
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'Vigil-Actions/1',
      'x-vigil-action': action.type,
      'x-vigil-action-id': action.id,
      'x-vigil-attempt': String(action.attempt),
      'idempotency-key': action.id,
      'x-vigil-signature': signWebhook(this.o.secret, body, Math.floor((this.o.now?.() ?? Date.now()) / 1000)),
    };
    const exchange: AdapterExchange = { request: { method: 'POST', url: this.o.url, headers, body } };
    if (signal?.aborted) return { ok: false, retryable: true, error: 'aborted: the node is stopping', exchange };
    let status: number;
    let text: string;
    try {
      const res = await this.o.http.request({
        url: this.o.url,
        method: 'POST',
        headers,
        body,
        timeoutMs: this.o.timeoutMs,
        maxRedirects: MAX_REDIRECTS,
        maxResponseBytes: MAX_ANSWER_BYTES,
        credentialHeaders: ['x-vigil-signature'],
      });
      status = res.status;
      text = res.body.toString('utf8');
    } catch (e) {
      const code = e instanceof OutboundError ? e.code : 'error';
      return { ok: false, retryable: !PERMANENT_ERRORS.has(code), error: `${code}: ${(e as Error).message}`.slice(0, 500), exchange };
    }
    exchange.status = status;
    exchange.response = text;
    if (status >= 200 && status < 300) {
      if (text.trim() === '') return { ok: true, result: {}, exchange };
      let answer: unknown;
      try {
        answer = JSON.parse(text);
      } catch {
        answer = undefined;
      }
      if (answer && typeof answer === 'object' && !Array.isArray(answer)) return { ok: true, result: answer as Record<string, unknown>, exchange };
      return { ok: false, retryable: false, status, error: `HTTP ${status} without a JSON object: the receiver must answer with one (or nothing)`, exchange };
    }
    const retryable = status === 408 || status === 429 || status >= 500;
    return { ok: false, retryable, status, error: `HTTP ${status}`, exchange };
  }
}
