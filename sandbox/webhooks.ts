/**
 * ovice's outgoing webhooks, as the sandbox sends them: a space admin's Post Data template
 * with the placeholders filled in, POSTed to the configured URL.
 */
import { request } from 'undici';

import { findEvent, postDataTemplate } from '../nodes/OviceWebhookTrigger/events';
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

export async function emitWebhook(emission: WebhookEmission): Promise<WebhookDelivery> {
	let template = emission.postData;
	if (template === undefined) {
		const event = findEvent(emission.event);
		if (!event) throw new Error(`unknown event ${String(emission.event)}`);
		template = postDataTemplate(event);
	}
	const sent = fillPostData(template, emission.values ?? {});
	const response = await request(emission.url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'user-agent': 'ovice-sandbox-webhook' },
		body: sent,
	});
	return { status: response.statusCode, body: await response.body.text(), sent };
}
