/**
 * A host that is not ovice: it records every request it gets (headers included) and gives
 * one fixed answer. Tests point redirects or a Base URL at it to show what reaches it.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CaughtRequest {
	method: string;
	url: string;
	headers: Record<string, string | string[] | undefined>;
	body: string;
}

export interface Catcher {
	url: string;
	caught: CaughtRequest[];
	close(): Promise<void>;
}

/** What a catcher answers: always the same, or made from the request it got. */
export type CatcherAnswer =
	| { status: number; contentType: string; body: string }
	| ((request: CaughtRequest) => { status: number; contentType: string; body: string });

export async function startCatcher(answerWith: CatcherAnswer): Promise<Catcher> {
	const caught: CaughtRequest[] = [];
	const server = createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			const got = {
				method: request.method ?? '',
				url: request.url ?? '',
				headers: request.headers,
				body: Buffer.concat(chunks).toString('utf8'),
			};
			caught.push(got);
			const answer = typeof answerWith === 'function' ? answerWith(got) : answerWith;
			response.writeHead(answer.status, { 'content-type': answer.contentType });
			response.end(answer.body);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		caught,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

export const HTML_PAGE = {
	status: 200,
	contentType: 'text/html',
	body: '<!doctype html><html><body><h1>Welcome</h1></body></html>',
};

export const JSON_LIST = { status: 200, contentType: 'application/json', body: '[]' };

/**
 * A catcher for the tests of one describe block, emptied before each test. The returned
 * object is filled in by beforeAll.
 */
export function useCatcher(answer: CatcherAnswer = JSON_LIST): Catcher {
	const handle = {} as Catcher;
	beforeAll(async () => {
		Object.assign(handle, await startCatcher(answer));
	});
	afterAll(async () => await handle.close());
	beforeEach(() => {
		handle.caught.length = 0;
	});
	return handle;
}
