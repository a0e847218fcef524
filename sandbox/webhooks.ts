/**
 * ovice's outgoing webhooks, as the sandbox sends them: a space admin's Post Data template
 * with the placeholders filled in, POSTed to the configured URL.
 */
import { request } from 'undici';

import { findEvent, postDataTemplate } from '../nodes/OviceWebhookTrigger/events';
import { isLoopback } from '../nodes/shared/transport/address';
import type { Placeholder } from '../nodes/OviceWebhookTrigger/events';

export interface WebhookEmission {
	/** the URL an admin pasted into ovice */
	url: string;
	/** one of the trigger's event values; picks the default Post Data template */
	event?: string;
	/** the admin's own Post Data; default: this package's template for `event` */
	postData?: string;
	values?: Partial<Record<Placeholder, string>>;
}

export interface WebhookDelivery {
	status: number;
	body: string;
	sent: string;
}

const SAMPLE: Record<Placeholder, string> = {
	name: 'Aiko Tanaka',
	email: 'aiko.tanaka@example.com',
	room: 'Main Hall',
	memo: 'Back at 14:00',
	message: 'Hello from the sandbox',
};

/**
 * Fills `{{placeholder}}`s. Values are JSON-escaped so a quote in a name keeps the body
 * valid JSON.
 */
export function fillPostData(
	template: string,
	values: Partial<Record<Placeholder, string>>,
): string {
	return template.replace(
		/\{\{\s*(name|email|room|memo|message)\s*\}\}/g,
		(_whole, key: Placeholder) => JSON.stringify(values[key] ?? SAMPLE[key]).slice(1, -1),
	);
}

/**
 * A name without an email (or the reverse) is completed from the sandbox user it names, or
 * made up from it, so a webhook never pairs one person's name with another's email.
 */
export function pairedValues(
	values: Partial<Record<Placeholder, string>>,
	users: Array<{ name: string; email: string }>,
): Partial<Record<Placeholder, string>> {
	const { name, email } = values;
	if (name !== undefined && email === undefined) {
		const known = users.find((user) => user.name === name)?.email;
		return {
			...values,
			email: known ?? `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@example.com`,
		};
	}
	if (email !== undefined && name === undefined) {
		return {
			...values,
			name: users.find((user) => user.email === email)?.name ?? email.split('@')[0],
		};
	}
	return values;
}

/**
 * Why the sandbox will not post to `url`, or undefined when it will: only to this machine
 * (a sandbox must not become a relay to other hosts), decided from the address as written,
 * before any name is looked up.
 */
export function emitProblem(url: unknown): string | undefined {
	let parsed: URL;
	try {
		parsed = new URL(String(url));
	} catch {
		return `"${String(url)}" is not an address`;
	}
	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
		return `${parsed.protocol} is not http: or https:`;
	if (!isLoopback(parsed.hostname))
		return `the sandbox posts webhooks only to this machine (localhost, 127.0.0.1, [::1]), not ${parsed.hostname}`;
	return undefined;
}

/** Posts the webhook; `users` are the sandbox's people, to pair a given name with its email. */
export async function emitWebhook(
	emission: WebhookEmission,
	users: Array<{ name: string; email: string }>,
): Promise<WebhookDelivery> {
	let template = emission.postData;
	if (template === undefined) {
		const event = findEvent(emission.event);
		if (!event) throw new Error(`unknown event ${String(emission.event)}`);
		template = postDataTemplate(event);
	}
	const sent = fillPostData(template, pairedValues(emission.values ?? {}, users));
	const response = await request(emission.url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'user-agent': 'ovice-sandbox-webhook' },
		body: sent,
	});
	return { status: response.statusCode, body: await response.body.text(), sent };
}
