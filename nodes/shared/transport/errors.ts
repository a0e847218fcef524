/**
 * The one place where what happened to a request becomes a verdict: ovice's answer, or a
 * classified failure with the message and advice a user sees. It works from structured
 * facts only (HTTP status, headers, the body's text, a socket error code), never from the
 * wording of someone else's error message.
 */
import { NodeApiError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

import { sends } from '../endpoints';
import type { Endpoint } from '../endpoints';

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

/** Seconds or an HTTP date, as a server may send in Retry-After; undefined when absent or odd. */
function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
	if (value === undefined || !value.trim()) return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
	const date = Date.parse(value);
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
		return failure('rateLimited', {
			status,
			notProcessed: true,
			transient: true,
			retryAfterMs: retryAfterMs(header(headers, 'retry-after')),
			message: 'ovice rate limit reached (HTTP 429)',
			description: `ovice limits how many requests an organization may make, and kept refusing after the node waited and tried again. Set "Max Requests per Second" in the ovice credential, or try again later.${sending ? ' This notification was not sent.' : ''}${oviceSays}`,
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
