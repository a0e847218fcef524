import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IDataObject,
	IHookFunctions,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { WEBHOOK_TOKEN_CREDENTIAL } from '../shared/credentialNames';
import { findEvent, OVICE_EVENTS, postDataTemplate } from './events';
import type { OviceEvent } from './events';
import { nodeHint, RELATED } from '../shared/builderHints';
import { eventsSubtitle } from '../shared/subtitles';
import { sameToken, testWebhookToken, tokenProblem } from './token';

/** ovice's Post Data is a short template; anything far larger is not from ovice. */
const MAX_BODY_BYTES = 64 * 1024;

/** The Events choice for requests that name no event (ovice's default Post Data, {}). */
const NO_EVENT = 'noEvent';

function text(value: unknown): string | undefined {
	if (value === undefined || value === null) return undefined;
	return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Post Data is a flat template; far deeper nesting is not from ovice, and costs stack to walk. */
const MAX_BODY_DEPTH = 32;

/** The body as n8n read it, after any decompression (a gzip or chunked body has no telling Content-Length). */
function rawBodyOf(context: IWebhookFunctions): Buffer | undefined {
	const raw = (context.getRequestObject() as { rawBody?: unknown }).rawBody;
	return Buffer.isBuffer(raw) ? raw : undefined;
}

/** How deep objects and lists nest in a parsed body, counted without recursion; stops past `limit`. */
function nestingDepth(value: unknown, limit: number): number {
	let deepest = 0;
	const stack: Array<[unknown, number]> = [[value, 1]];
	while (stack.length) {
		const [current, depth] = stack.pop()!;
		if (!current || typeof current !== 'object') continue;
		deepest = Math.max(deepest, depth);
		if (deepest > limit) return deepest;
		for (const child of Object.values(current as object)) stack.push([child, depth + 1]);
	}
	return deepest;
}

type BodyVerdict = { body: unknown } | { status: number; message: string };

/**
 * The request's JSON body, or why it is refused. n8n parses the body by its content type
 * before the node runs (form fields and XML into objects too), so the type decides: JSON
 * counts; text or no type counts when the text is JSON (the type ovice sends is not
 * documented); anything else is refused.
 */
function jsonBody(context: IWebhookFunctions): BodyVerdict {
	const type = String(context.getHeaderData()['content-type'] ?? '')
		.split(';')[0]
		.trim()
		.toLowerCase();
	const raw = rawBodyOf(context);
	if (type === 'application/json') return { body: context.getBodyData() };
	if (type !== '' && type !== 'text/plain' && !type.endsWith('+json')) {
		return {
			status: 415,
			message: `The body must be JSON (Content-Type application/json), got ${type}. ovice's Post Data is a JSON template.`,
		};
	}
	const text = raw
		? raw.toString('utf8')
		: typeof context.getBodyData() === 'string'
			? String(context.getBodyData())
			: '';
	try {
		return { body: JSON.parse(text) as unknown };
	} catch {
		return {
			status: 400,
			message:
				"The body is not JSON. ovice's Post Data must be a JSON object, such as the templates of this node.",
		};
	}
}

/**
 * The token the URL must carry, or why the configured one cannot protect the webhook: a
 * token credential that is empty or weak refuses every request, it never leaves the
 * webhook open. Without a credential no token is asked and the URL is the only secret.
 */
async function expectedToken(
	context: IWebhookFunctions,
): Promise<{ token: string; problem?: string }> {
	if (!context.getNode().credentials?.[WEBHOOK_TOKEN_CREDENTIAL]) return { token: '' };
	const token = String((await context.getCredentials(WEBHOOK_TOKEN_CREDENTIAL)).token ?? '');
	return { token, problem: tokenProblem(token) };
}

/**
 * One notice per event, shown while that event is selected, with its Post Data. n8n's
 * notices keep only <a>, <ul> and <li>: a list item puts the template on its own line.
 */
const templateNotices: INodeProperties[] = OVICE_EVENTS.map((event) => ({
	displayName: `${event.oviceName}: the Post Data to paste in ovice<ul><li>${postDataTemplate(event)}</li></ul>`,
	name: `${event.value}Template`,
	type: 'notice',
	default: '',
	displayOptions: { show: { events: [event.value] } },
}));

export class OviceWebhookTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ovice Webhook Trigger',
		name: 'oviceWebhookTrigger',
		// Used as it is by n8n's editor (a codex link gets n8n's query after the #section).
		documentationUrl: 'https://www.npmjs.com/package/n8n-nodes-ovice#ovice-webhook-trigger',
		icon: { light: 'file:../../icons/ovice.svg', dark: 'file:../../icons/ovice.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: eventsSubtitle({
			...Object.fromEntries(OVICE_EVENTS.map((event) => [event.value, event.oviceName])),
			[NO_EVENT]: 'No event',
		}),
		description:
			'Starts the workflow when ovice posts a webhook: someone comes online, enters a room, knocks, chats…',
		defaults: { name: 'ovice Webhook Trigger' },
		builderHint: nodeHint({
			searchHint:
				"Starts a workflow when ovice, the virtual office, posts one of its webhooks: a user comes online or goes offline, enters or leaves a room, knocks, chats, and more. A space admin pastes the Production URL and the Post Data the node shows into the space's webhook settings in ovice; the workflow must be published first. For presence without webhook set-up, use the ovice Presence Trigger.",
			relatedNodes: [RELATED.action, RELATED.slack, RELATED.agent],
		}),
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: WEBHOOK_TOKEN_CREDENTIAL, required: false, testedBy: 'oviceWebhookTokenTest' },
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				// Empty: n8n then answers with the small JSON object the node returns.
				responseData: '',
				path: 'ovice',
			},
		],
		properties: [
			{
				displayName:
					'A space admin adds this webhook in ovice: Trigger, the event; URL, this node\'s public Production URL (with ?token=… when a token credential is chosen); Post Data, the template below. <a href="https://www.npmjs.com/package/n8n-nodes-ovice#ovice-webhook-trigger">Setup and security</a>',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				default: ['online', 'offline'],
				description:
					'The ovice events that start the workflow. A request for another event is answered but starts nothing; so is a request that names no event, unless "Requests Without an Event" is chosen.',
				options: [
					...OVICE_EVENTS.map((event: OviceEvent) => ({
						name: event.oviceName,
						value: event.value,
						description: event.description,
					})),
					{
						name: 'Requests Without an Event',
						value: NO_EVENT,
						description:
							'Requests whose body and URL name no event, such as ovice\'s default Post Data {"text":"…"}. Add ?event=NAME to the URL in ovice to name one instead.',
					},
				],
			},
			...templateNotices,
		],
	};

	methods = {
		credentialTest: { oviceWebhookTokenTest: testWebhookToken },
	};

	/**
	 * ovice has no API to register webhooks: an admin pastes the URL in ovice. The
	 * lifecycle records which URL is live (and logs it), so n8n activates and deactivates
	 * the trigger like any other webhook trigger.
	 */
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const memory = this.getWorkflowStaticData('node');
				return memory.webhookUrl === this.getNodeWebhookUrl('default');
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const memory = this.getWorkflowStaticData('node');
				memory.webhookUrl = this.getNodeWebhookUrl('default');
				this.logger.info(
					`ovice Webhook Trigger is live: paste ${String(memory.webhookUrl)} into the space's webhook settings in ovice`,
				);
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				const memory = this.getWorkflowStaticData('node');
				delete memory.webhookUrl;
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const response = this.getResponseObject();
		const refuse = (status: number, message: string): IWebhookResponseData => {
			response.status(status).json({ message });
			return { noWebhookResponse: true };
		};

		const query = this.getQueryData() as IDataObject;
		const { token, problem } = await expectedToken(this);
		if (problem) {
			this.logger.warn(
				`ovice Webhook Trigger "${this.getNode().name}" refused a request: its webhook token cannot protect it. ${problem}`,
			);
			return refuse(
				401,
				`This webhook's token is not usable, so it accepts no request: ${problem} Set a token of at least 16 URL-safe characters in its ovice Webhook Token credential.`,
			);
		}
		if (token) {
			const givenToken = typeof query.token === 'string' ? query.token : '';
			if (!givenToken)
				return refuse(401, 'This webhook needs its token: add ?token=… to the URL in ovice');
			if (!sameToken(givenToken, token)) return refuse(403, 'The token in the URL does not match');
		}

		if ((rawBodyOf(this)?.length ?? 0) > MAX_BODY_BYTES) {
			return refuse(
				413,
				`The body is larger than ${MAX_BODY_BYTES} bytes; ovice's Post Data is much smaller`,
			);
		}
		const read = jsonBody(this);
		if ('status' in read) return refuse(read.status, read.message);
		const { body } = read;
		if (nestingDepth(body, MAX_BODY_DEPTH) > MAX_BODY_DEPTH) {
			return refuse(
				400,
				`The body nests deeper than ${MAX_BODY_DEPTH} levels; ovice's Post Data is a flat JSON object`,
			);
		}
		if (Buffer.byteLength(JSON.stringify(body ?? '')) > MAX_BODY_BYTES) {
			return refuse(
				413,
				`The body is larger than ${MAX_BODY_BYTES} bytes; ovice's Post Data is much smaller`,
			);
		}
		if (!body || typeof body !== 'object' || Array.isArray(body)) {
			return refuse(
				400,
				'The body must be a JSON object, such as the Post Data templates of this node',
			);
		}
		const data = body as IDataObject;

		const named = data.event ?? query.event;
		const namesAnEvent = named !== undefined && named !== null && named !== '';
		const event = namesAnEvent ? findEvent(named) : undefined;
		if (namesAnEvent && !event) {
			return refuse(
				400,
				`Unknown event "${text(named)}". Use one of: ${OVICE_EVENTS.map((known) => known.value).join(', ')}`,
			);
		}
		const selected = this.getNodeParameter('events', []) as string[];
		if (event && !selected.includes(event.value)) {
			return {
				webhookResponse: {
					received: true,
					started: false,
					reason: `event ${event.value} is not selected`,
				},
			};
		}
		if (!event && !selected.includes(NO_EVENT)) {
			return {
				webhookResponse: {
					received: true,
					started: false,
					reason: 'the request names no event and "Requests Without an Event" is not selected',
				},
			};
		}

		const item: IDataObject = { event: event?.value ?? null };
		for (const field of ['name', 'email'] as const) item[field] = text(data[field]) ?? null;
		if (event?.extra) item[event.extra] = text(data[event.extra]) ?? null;
		if (data.text !== undefined) item.text = text(data.text);
		item.receivedAt = new Date().toISOString();
		item.body = data;

		return {
			workflowData: [this.helpers.returnJsonArray([item])],
			webhookResponse: { received: true, started: true, event: event?.value ?? null },
		};
	}
}
