/**
 * A local stand-in for the ovice Public API: exactly the endpoints of the package's
 * endpoint table (api.ts) with seeded demo data (data.ts), a bounded record of what it
 * received (log.ts), faults on request (faults.ts) and control routes under `/__sandbox/`
 * (control.ts). It listens on this machine only and answers only this machine's names.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { API_PATH_PREFIX } from '../nodes/shared/endpoints';
import { serveApi } from './api';
import { readBodyBytes } from './body';
import { freshState, serveControl } from './control';
import type { SandboxData } from './data';
import { docsPage } from './docs';
import { keepNewest, recordOf } from './log';
import { json } from './types';
import type { Answer, DeliveredNotification, RecordedRequest } from './types';

export { SECRET_WITHHELD } from './types';
export type { DeliveredNotification, FaultRule, RecordedRequest } from './types';

export interface SandboxOptions {
	port?: number;
	host?: string;
	/** print each API request to the console */
	log?: boolean;
	/** how many requests and notifications the log keeps, the newest (default 1,000) */
	keep?: number;
}

export interface Sandbox {
	url: string;
	port: number;
	data: SandboxData;
	requests: RecordedRequest[];
	notifications: DeliveredNotification[];
	close(): Promise<void>;
}

/** The largest request body read; a larger one is answered 413. */
const MAX_BODY_BYTES = 1024 * 1024;

const DEFAULT_KEEP = 1000;

/** The log size for tests and the bench, which count every request of their runs (up to 100,001). */
export const KEEP_FOR_TESTS = 250_000;

function send(response: ServerResponse, answer: Answer): void {
	const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
	response.writeHead(answer.status, {
		'content-type':
			typeof answer.body === 'string' ? 'text/html; charset=utf-8' : 'application/json',
		...answer.headers,
	});
	response.end(text);
}

function spacePage(domain: string): Answer {
	const safe = domain.replace(/[^a-z0-9-]/gi, '');
	return {
		status: 200,
		body: `<!doctype html><html><head><title>${safe} · ovice sandbox</title></head><body><h1>ovice sandbox</h1><p>This stands for the ovice space <b>${safe}</b>.</p></body></html>`,
	};
}

/** Whether a Host header names this machine (any port), or the host the sandbox listens on. */
export function isLocalHostHeader(host: string | undefined, listeningOn?: string): boolean {
	if (!host) return false;
	const name = host.startsWith('[')
		? host.slice(0, host.indexOf(']') + 1)
		: host.replace(/:\d+$/, '');
	return ['localhost', '127.0.0.1', '[::1]', ...(listeningOn ? [listeningOn] : [])].includes(
		name.toLowerCase(),
	);
}

/** A page can send text/plain POSTs without asking first (no CORS preflight); JSON it cannot. */
function controlAllowed(request: IncomingMessage): boolean {
	return (
		request.method === 'GET' ||
		/^application\/json\b/i.test(String(request.headers['content-type'] ?? ''))
	);
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const state = freshState(options.keep ?? DEFAULT_KEEP);

	const route = async (request: IncomingMessage, url: URL, rawBody: string): Promise<Answer> => {
		const method = request.method ?? 'GET';
		if (url.pathname.startsWith('/__sandbox/')) {
			if (!controlAllowed(request))
				return json(415, { message: 'control requests must be sent as application/json' });
			return await serveControl(state, method, url, rawBody);
		}
		if (url.pathname.startsWith(`${API_PATH_PREFIX}/`)) {
			const record = recordOf(state, request, url, rawBody);
			keepNewest(state.requests, record, state.keep);
			const answer = await serveApi(state, request, url, rawBody, record);
			record.status = answer.status;
			if (options.log) console.log(`${method} ${url.pathname}${url.search} → ${answer.status}`);
			return answer;
		}
		if (url.pathname.startsWith('/ws/'))
			return spacePage(decodeURIComponent(url.pathname.split('/')[2] ?? ''));
		if (url.pathname === '/docs' || url.pathname.startsWith('/docs/')) {
			const page = docsPage(url.pathname);
			return page ? { status: 200, body: page.html } : json(404, { message: 'not found' });
		}
		if (url.pathname === '/healthz') return json(200, { status: 'ok' });
		return json(404, { message: 'not found' });
	};

	const server: Server = createServer((request, response) => {
		void (async () => {
			// A web page the user visits could reach this port through a DNS name that
			// points here (DNS rebinding): only this machine's own names are answered.
			if (!isLocalHostHeader(request.headers.host, options.host)) {
				send(
					response,
					json(421, { message: 'the sandbox answers only Host localhost, 127.0.0.1 or [::1]' }),
				);
				return;
			}
			let rawBody: string;
			try {
				rawBody = (await readBodyBytes(request, MAX_BODY_BYTES)).toString('utf8');
			} catch {
				send(response, json(413, { message: 'request body too large' }));
				return;
			}
			try {
				send(
					response,
					await route(request, new URL(request.url ?? '/', 'http://sandbox.local'), rawBody),
				);
			} catch (error) {
				send(response, json(500, { message: `sandbox error: ${(error as Error).message}` }));
			}
		})();
	});

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
	});
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://${options.host ?? '127.0.0.1'}:${port}`,
		port,
		get data() {
			return state.data;
		},
		requests: state.requests,
		notifications: state.notifications,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
