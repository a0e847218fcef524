/**
 * Proxies and TLS for the tests of where the key may travel, all on 127.0.0.1:
 *
 * - certificates(): a certificate authority the test trusts (n8n started with it in
 *   NODE_EXTRA_CA_CERTS), a server certificate it signed for localhost, and a self-signed
 *   certificate for api.ovice.com that nothing trusts;
 * - startProxy('tunnel'): an HTTP proxy that forwards CONNECT tunnels and plain requests;
 * - startProxy('intercept'): a hostile proxy that answers CONNECT itself, speaks TLS with
 *   its own certificate and records the headers it can then read;
 * - startHttpsFront(): an https address for the sandbox, with the certificate the CA signed.
 * Every proxy records what reached it, so a test can show that nothing did.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect as netConnect } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TLSSocket } from 'node:tls';

export interface TestCertificates {
	/** the certificate authority's PEM file, for NODE_EXTRA_CA_CERTS */
	caFile: string;
	/** signed by the authority, for localhost and 127.0.0.1 */
	server: { key: string; cert: string };
	/** self-signed, for api.ovice.com: what a hostile proxy presents */
	impostor: { key: string; cert: string };
}

function openssl(args: string[], cwd: string): void {
	execFileSync('openssl', args, { cwd, stdio: 'ignore' });
}

/** Makes the authority and both certificates with openssl, in a folder of their own. */
export function certificates(): TestCertificates {
	const dir = mkdtempSync(join(tmpdir(), 'ovice-tls-'));
	const days = ['-days', '2'];
	const selfSigned = (name: string, subject: string, extra: string[] = []) =>
		openssl(
			[
				'req',
				'-x509',
				'-newkey',
				'rsa:2048',
				'-nodes',
				'-keyout',
				`${name}.key`,
				'-out',
				`${name}.pem`,
				'-subj',
				subject,
				...extra,
				...days,
			],
			dir,
		);
	selfSigned('ca', '/CN=n8n-nodes-ovice test authority');
	// -subj and extensions through a config file, so no prompt is ever asked.
	writeFileSync(
		join(dir, 'server.cnf'),
		'[req]\ndistinguished_name=dn\nprompt=no\n[dn]\nCN=localhost\n[ext]\nsubjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n',
	);
	openssl(
		[
			'req',
			'-newkey',
			'rsa:2048',
			'-nodes',
			'-keyout',
			'server.key',
			'-out',
			'server.csr',
			'-config',
			'server.cnf',
		],
		dir,
	);
	openssl(
		[
			'x509',
			'-req',
			'-in',
			'server.csr',
			'-CA',
			'ca.pem',
			'-CAkey',
			'ca.key',
			'-CAcreateserial',
			'-out',
			'server.pem',
			'-extfile',
			'server.cnf',
			'-extensions',
			'ext',
			...days,
		],
		dir,
	);
	selfSigned('impostor', '/CN=api.ovice.com', ['-addext', 'subjectAltName=DNS:api.ovice.com']);
	const read = (name: string) => readFileSync(join(dir, name), 'utf8');
	return {
		caFile: join(dir, 'ca.pem'),
		server: { key: read('server.key'), cert: read('server.pem') },
		impostor: { key: read('impostor.key'), cert: read('impostor.pem') },
	};
}

export interface ProxiedRequest {
	/** `CONNECT host:port`, or the method and absolute URL of a plain proxied request */
	line: string;
	/** the headers of the request itself: inside the tunnel when the proxy could read it */
	headers?: IncomingHttpHeaders;
}

export interface TestProxy {
	url: string;
	seen: ProxiedRequest[];
	close(): Promise<void>;
}

function listen(server: { listen(port: number, host: string, done: () => void): void }) {
	return new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
}

/** Forwards a plain (absolute-URL) request to where it points. */
function forward(request: IncomingMessage, response: ServerResponse, target: URL): void {
	const upstream = httpRequest(
		target,
		{ method: request.method, headers: request.headers },
		(answer) => {
			response.writeHead(answer.statusCode ?? 502, answer.headers);
			answer.pipe(response);
		},
	);
	upstream.on('error', () => response.writeHead(502).end());
	request.pipe(upstream);
}

export async function startProxy(
	mode: 'tunnel' | 'intercept',
	impostor?: TestCertificates['impostor'],
): Promise<TestProxy> {
	const seen: ProxiedRequest[] = [];
	const sockets = new Set<Socket>();
	// What a hostile proxy reads once it has the tunnel's TLS: an ordinary HTTP request.
	const inside = createServer((request, response) => {
		seen.push({
			line: `${request.method} ${request.url} (inside the tunnel)`,
			headers: request.headers,
		});
		response.writeHead(200, { 'content-type': 'application/json' }).end('[]');
	});
	const server = createServer((request, response) => {
		seen.push({ line: `${request.method} ${request.url}`, headers: request.headers });
		if (mode === 'intercept') {
			response.writeHead(200, { 'content-type': 'application/json' }).end('[]');
			return;
		}
		forward(request, response, new URL(request.url ?? ''));
	});
	server.on('connection', (socket: Socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	server.on('connect', (request: IncomingMessage, client: Socket, head: Buffer) => {
		seen.push({ line: `CONNECT ${request.url}` });
		if (mode === 'intercept') {
			client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
			const tls = new TLSSocket(client, { isServer: true, ...impostor });
			tls.on('error', () => client.destroy());
			inside.emit('connection', tls);
			return;
		}
		const [host, port] = String(request.url).split(':');
		const upstream = netConnect(Number(port), host, () => {
			client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
			if (head.length) upstream.write(head);
			upstream.pipe(client);
			client.pipe(upstream);
		});
		upstream.on('error', () => client.destroy());
		client.on('error', () => upstream.destroy());
	});
	await listen(server);
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		seen,
		close: () =>
			new Promise<void>((resolve) => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			}),
	};
}

/** An https address in front of `targetUrl` (the sandbox), with the authority's certificate. */
export async function startHttpsFront(
	targetUrl: string,
	server: TestCertificates['server'],
): Promise<{ url: string; close(): Promise<void> }> {
	const front = createHttpsServer(server, (request, response) =>
		forward(request, response, new URL(request.url ?? '/', targetUrl)),
	);
	await listen(front);
	return {
		url: `https://localhost:${(front.address() as AddressInfo).port}`,
		close: () =>
			new Promise<void>((resolve) => {
				front.closeAllConnections();
				front.close(() => resolve());
			}),
	};
}
