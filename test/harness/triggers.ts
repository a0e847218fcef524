/**
 * Runs the trigger nodes as n8n's server does: a poll through n8n-core's PollContext with
 * the workflow's static data kept between polls, and a webhook through n8n-core's
 * WebhookContext, fed by real HTTP requests to a small server that stands in for n8n's
 * webhook endpoint (JSON body parsing, query string, and n8n's answer when the node does
 * not answer itself).
 */
import { PollContext, WebhookContext } from 'n8n-core';
import type {
	IDataObject,
	INode,
	INodeExecutionData,
	IWebhookData,
	Workflow,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { createServer } from 'node:http';
import { gunzipSync, inflateSync } from 'node:zlib';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { readBodyBytes } from '../../sandbox/body';
import type { CredentialsByType, Engine } from './engine';

export class PollHarness {
	workflow: Workflow;
	/** the static data as n8n last wrote it to its database */
	private saved: string | undefined;
	private pollsSinceActivation = 0;

	constructor(
		private readonly engine: Engine,
		readonly node: INode,
		private readonly credentials: CredentialsByType,
	) {
		this.workflow = engine.workflow({ nodes: [node], connections: {} });
	}

	/**
	 * One poll; `manual` is the editor's "Fetch test event". Like n8n 2.41, the static data
	 * is saved after the activation's first poll and after a poll that starts the workflow
	 * (emits items), not after a poll that returns nothing.
	 */
	async poll(mode: WorkflowExecuteMode = 'trigger'): Promise<IDataObject[] | null> {
		const context = new PollContext(
			this.workflow,
			this.node,
			this.engine.additionalData(this.credentials),
			mode,
			'activate',
		);
		const nodeType = this.workflow.nodeTypes.getByNameAndVersion(
			this.node.type,
			this.node.typeVersion,
		);
		const result = await nodeType.poll!.call(context);
		if (mode === 'trigger') {
			if (this.pollsSinceActivation++ === 0 || result)
				this.saved = JSON.stringify(this.workflow.staticData);
		}
		return result ? result[0].map((item: INodeExecutionData) => item.json) : null;
	}

	/** n8n stops and starts again: the static data comes back as it was last saved. */
	restart(): void {
		const staticData =
			this.saved === undefined ? undefined : (JSON.parse(this.saved) as IDataObject);
		this.workflow = this.engine.workflow({ nodes: [this.node], connections: {}, staticData });
		this.pollsSinceActivation = 0;
	}

	get staticData(): IDataObject {
		return this.workflow.getStaticData('node', this.node);
	}
}

/** Just enough of express's response for webhook nodes and n8n's own answers. */
class ResponseAdapter {
	private code = 200;

	constructor(private readonly response: ServerResponse) {}

	get headersSent(): boolean {
		return this.response.headersSent;
	}

	status(code: number): this {
		this.code = code;
		return this;
	}

	setHeader(name: string, value: string): this {
		this.response.setHeader(name, value);
		return this;
	}

	json(body: unknown): void {
		this.response.writeHead(this.code, { 'content-type': 'application/json' });
		this.response.end(JSON.stringify(body));
	}

	send(body: string): void {
		this.response.writeHead(this.code);
		this.response.end(body);
	}

	end(): void {
		this.response.writeHead(this.code);
		this.response.end();
	}
}

const N8N_PAYLOAD_LIMIT = 16 * 1024 * 1024;

/** The body as n8n's webhook server reads it: inflated when sent gzip or deflate encoded. */
async function readBody(request: IncomingMessage): Promise<string> {
	const received = await readBodyBytes(request, N8N_PAYLOAD_LIMIT);
	const encoding = String(request.headers['content-encoding'] ?? '').toLowerCase();
	const inflated =
		encoding === 'gzip'
			? gunzipSync(received, { maxOutputLength: N8N_PAYLOAD_LIMIT })
			: encoding === 'deflate'
				? inflateSync(received, { maxOutputLength: N8N_PAYLOAD_LIMIT })
				: received;
	return inflated.toString('utf8');
}

export class WebhookHarness {
	/** items of each workflow run the webhook started */
	readonly started: IDataObject[][] = [];
	private server?: Server;
	url = '';

	constructor(
		private readonly engine: Engine,
		readonly node: INode,
		private readonly credentials: CredentialsByType = {},
	) {}

	async start(): Promise<string> {
		const workflow = this.engine.workflow({ nodes: [this.node], connections: {} });
		this.server = createServer((request, response) => {
			void this.handle(workflow, request, response).catch((error: Error) => {
				response.writeHead(500, { 'content-type': 'application/json' });
				response.end(JSON.stringify({ message: error.message }));
			});
		});
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
		const { port } = this.server.address() as AddressInfo;
		this.url = `http://127.0.0.1:${port}/webhook/ovice`;
		return this.url;
	}

	async stop(): Promise<void> {
		await new Promise<void>((resolve) => {
			this.server?.closeAllConnections();
			this.server?.close(() => resolve());
		});
	}

	private async handle(
		workflow: Workflow,
		request: IncomingMessage,
		response: ServerResponse,
	): Promise<void> {
		const url = new URL(request.url ?? '/', 'http://127.0.0.1');
		const raw = await readBody(request);
		// As n8n 2.41's body parser: by the media type alone; JSON, form fields and XML become
		// objects (XML stood in for by one here), text stays text, any other type leaves {}.
		let body: unknown = {};
		const type = String(request.headers['content-type'] ?? '')
			.split(';')[0]
			.trim()
			.toLowerCase();
		if (raw && type === 'application/json') {
			try {
				body = JSON.parse(raw) as unknown;
			} catch {
				// n8n answers an unparseable JSON body before any node runs.
				response.writeHead(422, { 'content-type': 'application/json' });
				response.end(JSON.stringify({ message: 'Failed to parse request body' }));
				return;
			}
		} else if (raw && type === 'application/x-www-form-urlencoded') {
			body = Object.fromEntries(new URLSearchParams(raw));
		} else if (raw && (type.endsWith('/xml') || type.endsWith('+xml'))) {
			body = { xml: raw };
		} else if (raw && type === 'text/plain') {
			body = raw;
		}
		const httpRequest = {
			method: request.method,
			headers: request.headers,
			query: Object.fromEntries(url.searchParams),
			body,
			rawBody: Buffer.from(raw),
		};
		const httpResponse = new ResponseAdapter(response);
		const additionalData = this.engine.additionalData(this.credentials);
		Object.assign(additionalData, { httpRequest, httpResponse });
		const nodeType = workflow.nodeTypes.getByNameAndVersion(this.node.type, this.node.typeVersion);
		const webhookData = {
			httpMethod: 'POST',
			node: this.node.name,
			path: 'ovice',
			webhookDescription: nodeType.description.webhooks![0],
			workflowId: workflow.id,
			workflowExecuteAdditionalData: additionalData,
		} as IWebhookData;
		const context = new WebhookContext(
			workflow,
			this.node,
			additionalData,
			'webhook',
			webhookData,
			[],
			null,
		);
		const result = await nodeType.webhook!.call(context);
		if (result.noWebhookResponse) return;
		if (result.workflowData) {
			this.started.push(result.workflowData[0].map((item) => item.json));
			// As n8n 2.41 answers an "onReceived" webhook that started a workflow: the
			// description's responseData (default "firstEntryJson", sent as that text), else
			// the node's webhookResponse, else n8n's own message.
			const described = webhookData.webhookDescription.responseData ?? 'firstEntryJson';
			if (described === 'noData') return httpResponse.status(200).end();
			const answer = described || result.webhookResponse || { message: 'Workflow was started' };
			if (typeof answer === 'string') return httpResponse.status(200).send(answer);
			httpResponse.status(200).json(answer);
			return;
		}
		httpResponse.status(200).json(result.webhookResponse ?? { message: 'Webhook call received' });
	}
}
