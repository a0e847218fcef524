import { NodeApiError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

import type { Endpoint } from './endpoints';

/** What is known about a failed answer from ovice. */
export interface OviceFailure {
	statusCode: number;
	body: unknown;
	/** e.g. `workspace 123` — the object the request was about, if any */
	subject?: string;
	/** ovice's Retry-After header, kept for the retry step */
	retryAfter?: unknown;
	/** the organization the request addressed, named when ovice does not know it */
	organizationId?: string;
	endpoint: Endpoint;
}

const MAX_DETAIL_LENGTH = 300;

const KEY_HELP =
	'Check the Client ID and Client Secret in the ovice credential. They come from ovice: Organization settings → API management → Console (only organization owners see it; the secret is shown once, so generate a new key if it is lost).';

/** ovice's own words from an error body, whatever shape the body has. */
export function oviceErrorText(body: unknown): string | undefined {
	if (body === undefined || body === null) return undefined;
	if (Buffer.isBuffer(body)) return oviceErrorText(body.toString('utf8'));
	if (typeof body === 'string') {
		const trimmed = body.trim();
		if (!trimmed) return undefined;
		try {
			return oviceErrorText(JSON.parse(trimmed) as unknown);
		} catch {
			// Not JSON: an HTML error page or plain text. Keep only its words.
			const text = trimmed
				.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
				.replace(/<[^>]+>/g, ' ')
				.replace(/\s+/g, ' ')
				.trim();
			return text ? truncate(text) : undefined;
		}
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

function truncate(text: string): string {
	return text.length > MAX_DETAIL_LENGTH ? `${text.slice(0, MAX_DETAIL_LENGTH)}…` : text;
}

function isNotification(endpoint: Endpoint): boolean {
	return endpoint.result === 'sent';
}

/** The message and advice for a failed ovice answer. */
export function describeFailure(failure: OviceFailure): { message: string; description: string } {
	const { statusCode, subject, endpoint } = failure;
	const said = oviceErrorText(failure.body);
	const oviceSays = said ? ` ovice said: "${said}".` : '';

	if (statusCode === 401) {
		return {
			message: 'ovice rejected the API key (HTTP 401)',
			description: `${KEY_HELP}${oviceSays}`,
		};
	}
	if (statusCode === 403) {
		return {
			message: 'ovice refused access with this API key (HTTP 403)',
			description: `The key may be deactivated: an organization owner can set it active again under Organization settings → API management → Console → Actions → Update. ${KEY_HELP}${oviceSays}`,
		};
	}
	if (statusCode === 404) {
		if (!subject) {
			return {
				message: `ovice does not know organization ${failure.organizationId ?? ''} (HTTP 404)`.replace('  ', ' '),
				description: `Check the Organization ID and the Base URL in the ovice credential.${oviceSays}`,
			};
		}
		return {
			message: `ovice found no ${subject} (HTTP 404)`,
			description: `Pick the ${subject.split(' ')[0]} from the list, or check its ID in ovice. If the ID is right, check the Organization ID in the ovice credential.${oviceSays}`,
		};
	}
	if (statusCode === 422 || statusCode === 400) {
		return {
			message: `ovice refused the request: ${said ?? 'invalid input'} (HTTP ${statusCode})`,
			description: 'Correct the value ovice names and run the node again.',
		};
	}
	if (statusCode === 429) {
		return {
			message: 'ovice rate limit reached (HTTP 429)',
			description: `ovice limits how many requests an organization may make. Space the requests out (Options → Batching) or try again later.${isNotification(endpoint) ? ' This notification was not sent.' : ''}${oviceSays}`,
		};
	}
	if (statusCode >= 500) {
		return {
			message: `ovice had a server error (HTTP ${statusCode})`,
			description: `${isNotification(endpoint) ? 'The notification may or may not have been delivered; check in ovice before sending it again. ' : 'Try again in a moment. '}${oviceSays}`.trim(),
		};
	}
	return {
		message: `ovice answered with HTTP ${statusCode}`,
		description: said ? `ovice said: "${said}".` : 'ovice gave no details.',
	};
}

/**
 * The one place an ovice answer becomes an n8n error. Only the status and ovice's words
 * are used: never the request, so the client secret cannot leak into an error.
 */
export function oviceApiError(node: INode, failure: OviceFailure, itemIndex?: number): NodeApiError {
	const { message, description } = describeFailure(failure);
	const error = new NodeApiError(
		node,
		{ statusCode: failure.statusCode, message } as JsonObject,
		{ message, description, httpCode: String(failure.statusCode), itemIndex },
	);
	if (failure.retryAfter !== undefined) error.context.retryAfter = failure.retryAfter;
	return error;
}
