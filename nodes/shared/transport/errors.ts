/**
 * The one place where what happened to a request becomes a verdict: ovice's answer, or a
 * classified failure with the message and advice a user sees. It works from structured
 * facts only (HTTP status, headers, the body's text, a socket error code), never from the
 * wording of someone else's error message.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

import { sends } from '../endpoints';
import type { Endpoint } from '../endpoints';
import { NoTurnInTime } from './turns';
import type { CancelledWhileWaiting } from './turns';

/** What came back for one request. */
export type Outcome =
	| { kind: 'answer'; status: number; headers: Record<string, unknown>; text: string }
	/** no HTTP answer at all: `code` is the socket or client error code (ECONNREFUSED…) */
	| { kind: 'noAnswer'; code: string }
	/** n8n or the credential refused to send it (a domain restriction, a bad Base URL) */
	| { kind: 'refused'; message: string };

/** Why a request did not give an answer the node can use. */
type FailureReason =
	| 'badKey'
	| 'keyRefused'
	| 'unknownOrganization'
	| 'unknownObject'
	| 'refusedInput'
	| 'rateLimited'
	| 'serverError'
	| 'redirect'
	| 'notOvice'
	| 'unexpectedStatus'
	| 'noAnswer'
	| 'refused'
	| 'cancelled';

export interface Failure {
	reason: FailureReason;
	status?: number;
	/** ovice asked to wait this long before trying again (Retry-After) */
	retryAfterMs?: number;
	/** ovice certainly did not act on the request: sending it again cannot duplicate it */
	notProcessed: boolean;
	/** a passing fault: a later attempt may succeed (5xx, no answer) */
	transient: boolean;
	message: string;
	description: string;
}

/** What the request was about, for the wording. */
interface RequestSubject {
	endpoint: Endpoint;
	/** e.g. `workspace 123` — the object the request was about, if any */
	subject?: string;
	organizationId: string;
}

type Verdict = { ok: true; data: unknown } | { ok: false; failure: Failure };

const MAX_DETAIL_LENGTH = 300;

const KEY_HELP =
	'Check the Client ID and Client Secret in the ovice credential. They come from ovice: Organization settings → API management → Console (only organization owners see it; the secret is shown once, so generate a new key if it is lost).';

const BASE_URL_HELP =
	'Check the Base URL in the ovice credential: it must be the ovice API host itself, https://api.ovice.com unless ovice gave you another.';

/** Socket and client error codes that mean the request was stopped on purpose. */
const CANCEL_CODES = new Set(['ERR_CANCELED', 'ABORT_ERR']);

/**
 * Node's codes for a request it refused to build (a header or URL it cannot carry): raised
 * before a byte leaves, so nothing was delivered and sending it again changes nothing.
 */
const NOT_SENT_CODES = new Set([
	'ERR_INVALID_CHAR',
	'ERR_INVALID_HTTP_TOKEN',
	'ERR_HTTP_INVALID_HEADER_VALUE',
	'ERR_INVALID_URL',
	'ERR_UNESCAPED_CHARACTERS',
]);

/** ovice's own words from an error body, whatever shape the body has. */
function oviceErrorText(body: unknown): string | undefined {
	if (body === undefined || body === null) return undefined;
	if (typeof body === 'string') {
		const trimmed = body.trim();
		if (!trimmed) return undefined;
		const parsed = parseJson(trimmed);
		if (parsed !== NOT_JSON) return oviceErrorText(parsed);
		// Not JSON: an HTML error page or plain text. Keep only its words.
		const text = pageWords(trimmed).replace(/\s+/g, ' ').trim();
		return text ? truncate(text) : undefined;
	}
	if (Array.isArray(body)) {
		const parts = body.map(oviceErrorText).filter((part): part is string => !!part);
		return parts.length ? truncate(parts.join('; ')) : undefined;
	}
	if (typeof body === 'object') {
		const record = body as Record<string, unknown>;
		for (const key of ['message', 'error_description', 'error', 'detail', 'errors']) {
			const text = oviceErrorText(record[key]);
			if (text) return text;
		}
		const json = JSON.stringify(body);
		return json === '{}' ? undefined : truncate(json);
	}
	return truncate(String(body));
}

/** Enough words of a page for an error's detail: the rest is never shown. */
const MAX_PAGE_WORDS = 4 * MAX_DETAIL_LENGTH;

/**
 * The text of an HTML page without its tags, scripts and styles, in one pass: a body from
 * any host may be built to make a backtracking pattern take seconds (many unclosed tags).
 * An unclosed tag, script or style ends the text.
 */
function pageWords(html: string): string {
	const lower = html.toLowerCase();
	let words = '';
	let at = 0;
	while (at < html.length && words.length < MAX_PAGE_WORDS) {
		const open = html.indexOf('<', at);
		if (open === -1) {
			words += html.slice(at);
			break;
		}
		words += `${html.slice(at, open)} `;
		const block = ['script', 'style'].find((name) => lower.startsWith(name, open + 1));
		const end = block ? lower.indexOf(`</${block}`, open) : open;
		const close = end === -1 ? -1 : html.indexOf('>', end);
		if (close === -1) break;
		at = close + 1;
	}
	return words.slice(0, MAX_PAGE_WORDS);
}

function truncate(text: string): string {
	return text.length > MAX_DETAIL_LENGTH ? `${text.slice(0, MAX_DETAIL_LENGTH)}…` : text;
}

const NOT_JSON = Symbol('not JSON');

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return NOT_JSON;
	}
}

function header(headers: Record<string, unknown>, name: string): string | undefined {
	const value = headers[name] ?? headers[name.toLowerCase()];
	if (Array.isArray(value)) return value.length ? String(value[0]) : undefined;
	return value === undefined || value === null ? undefined : String(value);
}

/** An HTTP-date in any of the three forms HTTP allows (IMF-fixdate, RFC 850, asctime). */
const HTTP_DATE =
	/^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)(?:day|sday|nesday|rsday|urday)?,? [\d]{1,2}[ -][A-Z][a-z]{2}[ -]\d{2,4} \d{2}:\d{2}:\d{2} GMT$|^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/;

/**
 * Retry-After as HTTP defines it: delta-seconds (digits only) or an HTTP-date. Anything else
 * (a negative number, a fraction, text) counts as absent; a date in the past is 0.
 */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
	const text = value?.trim() ?? '';
	if (/^\d{1,10}$/.test(text)) return Number(text) * 1000;
	if (!HTTP_DATE.test(text)) return undefined;
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The host a redirect pointed to, for the message; the whole Location if it has no host. */
function redirectTarget(location: string | undefined): string {
	if (!location) return 'another address';
	try {
		return new URL(location).host || location;
	} catch {
		return location.slice(0, 100);
	}
}

function failure(
	reason: FailureReason,
	fields: Omit<Failure, 'reason' | 'notProcessed' | 'transient'> &
		Partial<Pick<Failure, 'notProcessed' | 'transient'>>,
): Failure {
	return { reason, notProcessed: false, transient: false, ...fields };
}

/** A failed HTTP status, worded. */
function statusFailure(
	status: number,
	headers: Record<string, unknown>,
	text: string,
	about: RequestSubject,
): Failure {
	const { endpoint, subject } = about;
	const sending = sends(endpoint);
	const said = oviceErrorText(text);
	const oviceSays = said ? ` ovice said: "${said}".` : '';
	if (status === 401) {
		return failure('badKey', {
			status,
			notProcessed: true,
			message: 'ovice rejected the API key (HTTP 401)',
			description: `${KEY_HELP}${oviceSays}`,
		});
	}
	if (status === 403) {
		return failure('keyRefused', {
			status,
			notProcessed: true,
			message: 'ovice refused access with this API key (HTTP 403)',
			description: `The key may be deactivated: an organization owner can set it active again under Organization settings → API management → Console → Actions → Update. ${KEY_HELP}${oviceSays}`,
		});
	}
	if (status === 404) {
		if (!subject) {
			return failure('unknownOrganization', {
				status,
				notProcessed: true,
				message: `ovice does not know organization ${about.organizationId} (HTTP 404)`,
				description: `Check the Organization ID and the Base URL in the ovice credential.${oviceSays}`,
			});
		}
		return failure('unknownObject', {
			status,
			notProcessed: true,
			message: `ovice found no ${subject} (HTTP 404)`,
			description: `Pick the ${subject.split(' ')[0]} from the list, or check its ID in ovice. If the ID is right, check the Organization ID in the ovice credential.${oviceSays}`,
		});
	}
	if (status === 400 || status === 422) {
		return failure('refusedInput', {
			status,
			notProcessed: true,
			message: `ovice refused the request: ${said ?? 'invalid input'} (HTTP ${status})`,
			description: 'Correct the value ovice names and run the node again.',
		});
	}
	if (status === 429) {
		const asked = retryAfterMs(header(headers, 'retry-after'));
		return failure('rateLimited', {
			status,
			notProcessed: true,
			transient: true,
			retryAfterMs: asked,
			message: 'ovice rate limit reached (HTTP 429)',
			description: `${asked ? `ovice asked to wait ${seconds(asked)} before the next request. ` : ''}ovice limits how many requests an organization may make, and kept refusing after the node waited and tried again. Try again later, or set "Max Requests per Second" in the ovice credential.${sending ? ' This notification was not sent.' : ''}${oviceSays}`,
		});
	}
	if (status >= 500) {
		return failure('serverError', {
			status,
			transient: true,
			retryAfterMs: retryAfterMs(header(headers, 'retry-after')),
			message: `ovice had a server error (HTTP ${status})`,
			description: `${sending ? 'The notification may or may not have been delivered; it was not sent again, so no one is notified twice. Check in ovice before sending it again.' : 'Try again in a moment.'}${oviceSays}`,
		});
	}
	return failure('unexpectedStatus', {
		status,
		message: `ovice answered with HTTP ${status}`,
		description: said ? `ovice said: "${said}".` : 'ovice gave no details.',
	});
}

/**
 * ovice's answer as data, or the failure. Only ovice's JSON counts: a page or text from
 * another host is a failure even with a 2xx status, and a redirect is never followed.
 */
export function judge(outcome: Outcome, about: RequestSubject): Verdict {
	const { endpoint } = about;
	const sending = sends(endpoint);
	if (outcome.kind === 'refused') {
		return {
			ok: false,
			failure: failure('refused', {
				notProcessed: true,
				message: 'n8n did not send the request to ovice',
				description: outcome.message,
			}),
		};
	}
	if (outcome.kind === 'noAnswer') {
		if (NOT_SENT_CODES.has(outcome.code)) {
			return {
				ok: false,
				failure: failure('refused', {
					notProcessed: true,
					message: 'n8n could not build the request to ovice, so nothing was sent',
					description: `A header or the address holds a character HTTP cannot carry (${outcome.code}). Check the ovice credential's Client ID, Client Secret and Base URL for line breaks or stray characters, copied in with the key.${sending ? ' This notification was not sent, so running it again sends it once.' : ''}`,
				}),
			};
		}
		if (CANCEL_CODES.has(outcome.code)) {
			return {
				ok: false,
				failure: failure('cancelled', {
					message: 'The execution was cancelled',
					description: sending
						? 'This notification was being sent when the execution stopped; it may or may not have been delivered.'
						: 'The request was stopped.',
				}),
			};
		}
		return {
			ok: false,
			failure: failure('noAnswer', {
				transient: true,
				message: sending ? 'ovice did not answer the notification' : 'ovice could not be reached',
				description: sending
					? `The notification may or may not have been delivered; it was not sent again, so no one is notified twice. Check in ovice before retrying this item. (${outcome.code})`
					: `Check the Base URL in the ovice credential and that ovice is reachable from n8n. (${outcome.code})`,
			}),
		};
	}
	const { status, headers, text } = outcome;
	if (status >= 300 && status < 400) {
		const target = redirectTarget(header(headers, 'location'));
		return {
			ok: false,
			failure: failure('redirect', {
				status,
				notProcessed: true,
				message: `The Base URL redirected to ${target} (HTTP ${status}); the request was not followed there`,
				description: `ovice's API does not redirect, so the key is never sent on to another address.${sending ? ' This notification was not sent.' : ''} ${BASE_URL_HELP}`,
			}),
		};
	}
	if (status < 200 || status >= 300)
		return { ok: false, failure: statusFailure(status, headers, text, about) };

	const trimmed = text.trim();
	// ovice does not document a notification's answer body: an empty one counts as sent.
	if (!trimmed && sending) return { ok: true, data: {} };
	const data = trimmed ? parseJson(trimmed) : NOT_JSON;
	const isList = Array.isArray(data);
	if (data === NOT_JSON || (endpoint.result === 'list' && !isList)) {
		const what =
			data === NOT_JSON
				? /^\s*</.test(trimmed)
					? 'a web page'
					: trimmed
						? 'text that is not JSON'
						: 'nothing'
				: 'JSON that is not a list';
		return {
			ok: false,
			failure: failure('notOvice', {
				status,
				message: "This Base URL does not look like ovice's API",
				description: `${endpoint.method} ${endpoint.path} answered HTTP ${status} with ${what}, where ovice answers with ${endpoint.result === 'list' ? 'a JSON list' : 'JSON'}.${sending ? ' The notification cannot be counted as delivered.' : ''} ${BASE_URL_HELP}`,
			}),
		};
	}
	return { ok: true, data };
}

/**
 * The one place a failure becomes an n8n error. Only the verdict is used, never the
 * request, so the client secret cannot leak into an error.
 */
export function failureError(node: INode, failed: Failure, itemIndex?: number): NodeApiError {
	const { message, description } = failed;
	const httpCode = failed.status === undefined ? undefined : String(failed.status);
	return new NodeApiError(
		node,
		{ message, ...(httpCode ? { statusCode: failed.status } : {}) } as JsonObject,
		{
			message,
			description,
			httpCode,
			itemIndex,
		},
	);
}

/** A duration as a person reads it: "0.5 s", "3 s", "30 s". */
function seconds(ms: number): string {
	return `${Number((ms / 1000).toFixed(ms < 10_000 ? 1 : 0))} s`;
}

const NOT_SENT_AGAIN = ' This notification was not sent, so running it again sends it once.';

/** Nothing was sent for this item: bad input, or a credential or setting that cannot reach ovice. */
export function notSentError(
	node: INode,
	problem: { message: string; description: string },
	itemIndex?: number,
): NodeOperationError {
	return new NodeOperationError(node, problem.message, {
		description: problem.description,
		itemIndex,
	});
}

/** How long the request could wait, and who is waiting for it. */
interface WaitLimit {
	maxWaitMs: number;
	perSecond: number;
	/** a list search in the editor (no Timeout of its own to raise) */
	editor?: boolean;
}

/** A request that did not get its turn in time, or whose execution was stopped: never sent. */
export function turnError(
	node: INode,
	error: NoTurnInTime | CancelledWhileWaiting,
	endpoint: Endpoint,
	limit: WaitLimit,
	itemIndex?: number,
): NodeOperationError {
	const note = sends(endpoint) ? NOT_SENT_AGAIN : '';
	if (!(error instanceof NoTurnInTime)) {
		return notSentError(
			node,
			{
				message: 'The execution was stopped',
				description: `This request was not sent: the execution stopped before its turn.${sends(endpoint) ? ' The notification was not sent.' : ''}`,
			},
			itemIndex,
		);
	}
	const within = seconds(limit.maxWaitMs);
	const away = seconds(error.waitMs);
	const raise = limit.editor
		? 'Try again then, or enter the ID instead of picking from the list.'
		: `Raise the node's Request Options → Timeout (now ${within}) above it, or run the workflow again later.`;
	const wordings = {
		pause: {
			message: `Not sent: ovice asked requests with this key to wait ${away}`,
			description: `ovice answered HTTP 429 with a Retry-After that ends after this request may wait. ${raise}`,
		},
		ceiling: {
			message: `Not sent: the credential's Max Requests per Second (${limit.perSecond}) gives this request no turn within ${within}`,
			description: `Requests made with this credential are spaced to its "Max Requests per Second"; the next free turn is ${away} away. Raise "Max Requests per Second" in the ovice credential (0: no ceiling)${limit.editor ? '.' : ", or raise the node's Request Options → Timeout."}`,
		},
		pace: {
			message: `Not sent: ovice's rate limit gives this request no turn within ${within}`,
			description: `ovice answered HTTP 429 to requests with this key, so they are spaced to the pace ovice accepts; the next free turn is ${away} away. ${limit.editor ? 'Try again in a moment.' : "Raise the node's Request Options → Timeout, or run fewer workflows with this key at once."}`,
		},
	};
	const wording = wordings[error.cause];
	return notSentError(
		node,
		{ message: wording.message, description: `${wording.description}${note}` },
		itemIndex,
	);
}

/** Added to the error of an item refused before anything of the run was sent. */
export const CHECKED_FIRST_NOTE =
	'Nothing of this run was sent: every item is checked before the first notification goes out. Correct this item, or set the node\'s Settings → On Error to "Continue" to send the others.';

/**
 * Added to the error that stops a run of sends: how many of its notifications went out, and
 * what running it again does.
 */
export function deliveredNote(delivered: number, retryOnFail: boolean): string {
	if (delivered === 0)
		return 'No notification of this run was delivered: nothing after a failure is sent.';
	const count =
		delivered === 1
			? '1 notification of this run was'
			: `${delivered} notifications of this run were`;
	const again = retryOnFail
		? "n8n's Retry On Fail continues from the failed item without sending those again"
		: 'running the workflow again sends them again (Retry On Fail would continue from the failed item instead)';
	return `${count} delivered before it stopped, in input order; nothing after the failed item was sent, and ${again}. To get a result for every item instead, set the node's Settings → On Error to "Continue".`;
}
