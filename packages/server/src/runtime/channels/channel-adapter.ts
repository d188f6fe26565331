/** Action types a channel carries (adding to a list is done by the node itself, without a channel). */
export const CHANNEL_ACTION_TYPES = ['sms', 'call', 'control'] as const;
export type ChannelActionType = (typeof CHANNEL_ACTION_TYPES)[number];

/** What an adapter is asked to carry out: one attempt of one action. */
export interface OutboundAction {
  /** The action's id: the receiver's idempotency key, the same on every attempt. */
  id: string;
  orgId: string;
  /** `test` for a channel test (`POST /api/v1/action-channels/{id}/test`), which changes nothing. */
  type: ChannelActionType | 'test';
  /** Calls: `robot`; controls: `freeze_card`, `suspend_account` or `limit_channel`. */
  kind: string | null;
  /** What to do (a rendered SMS text, a control's limits…), never a card number. */
  params: Record<string, unknown>;
  /** What it is about: the alert (subject as a token and masked display), the latest decision's ids. */
  context: Record<string, unknown>;
  /** This attempt's number, 1 for the first. */
  attempt: number;
  createdAt: Date;
}

/** What went over the wire, for the attempt log. */
export interface AdapterExchange {
  /** Exactly what was sent: method, URL, headers (no secret) and body. */
  request: Record<string, unknown>;
  /** The receiver's HTTP status, when there was an answer. */
  status?: number;
  /** The answer's text (the log keeps the first 4 KiB). */
  response?: string;
}

/**
 * How an attempt went: done (with the receiver's answer as the action's result), or failed, and
 * then whether another attempt may succeed (a timeout, a 5xx) or not (a 4xx: the request is wrong).
 */
export type AdapterResult = ({ ok: true; result: Record<string, unknown> } | { ok: false; retryable: boolean; error: string; status?: number }) & { exchange?: AdapterExchange };

/**
 * The port between the action dispatcher and the outside world: an SMS gateway, an IVR robot, a
 * core-banking system. Implementations never throw for a failed delivery: they answer `ok: false`.
 * `signal` aborts when the node stops.
 */
export interface ChannelAdapter {
  send(action: OutboundAction, signal?: AbortSignal): Promise<AdapterResult>;
}
