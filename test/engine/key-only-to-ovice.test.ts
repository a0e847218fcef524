/**
 * The client secret goes to the Base URL and nowhere else, whichever node carries the
 * credential, and never comes back in what a run shows: echoed by a server, it is removed
 * from errors and items. Expected texts are written out by hand.
 */
import { SANDBOX_KEY } from '../../sandbox/data';
import { ENDPOINTS } from '../../nodes/shared/endpoints';
import { judge } from '../../nodes/shared/transport/errors';
import { useCatcher } from '../harness/catcher';
import { notifyWorkspaceParameters, singleNodeWorkflow, useTestBed } from '../harness/fixtures';

const bed = useTestBed();

/** The credential's authenticate, as n8n calls it for any node (HTTP Request included). */
async function authenticate(options: Record<string, unknown>) {
	const type = bed.engine.credentialTypes.oviceApi;
	if (typeof type.authenticate !== 'function')
		throw new Error('oviceApi has no authenticate function');
	return (await type.authenticate(bed.credentials.oviceApi, options as never)) as unknown as Record<
		string,
		unknown
	>;
}

describe("authenticate: the key is added only to requests for the Base URL's origin", () => {
	it("adds both headers to a request for the Base URL, and switches redirects off on both of n8n's request paths", async () => {
		const legacy = await authenticate({
			uri: `${bed.sandbox.url}/api/public/v1/1/organizations/workspaces`,
			followRedirect: true,
			followAllRedirects: true,
		});
		expect(legacy.headers).toEqual({
			client_id: SANDBOX_KEY.clientId,
			client_secret: SANDBOX_KEY.clientSecret,
		});
		expect(legacy).toMatchObject({
			followRedirect: false,
			followAllRedirects: false,
			disableFollowRedirect: true,
			maxRedirects: 0,
			sendCredentialsOnCrossOriginRedirect: false,
		});
		const modern = await authenticate({
			baseURL: `${bed.sandbox.url}/api/public/v1/1`,
			url: '/organizations/workspaces',
		});
		expect(modern).toMatchObject({ disableFollowRedirect: true, maxRedirects: 0 });
	});

	const port = () => new URL(bed.sandbox.url).port;
	it.each([
		['another port', () => ({ uri: 'http://127.0.0.1:1/steal' }), '127.0.0.1:1'],
		['another host', () => ({ url: 'https://attacker.example/steal' }), 'attacker.example'],
		[
			'another scheme',
			() => ({ url: `https://127.0.0.1:${port()}/api` }),
			() => `127.0.0.1:${port()}`,
		],
		[
			'a user-info trick',
			() => ({ url: `http://127.0.0.1:${port()}@attacker.example/` }),
			'attacker.example',
		],
		[
			'a protocol-relative URL beside the Base URL',
			() => ({ baseURL: bed.sandbox.url, url: '//attacker.example/x' }),
			'attacker.example',
		],
		[
			'an absolute url beside a uri',
			() => ({ uri: `${bed.sandbox.url}/api`, url: 'http://127.0.0.1:2/x' }),
			'127.0.0.1:2',
		],
	] as Array<[string, () => Record<string, unknown>, string | (() => string)]>)(
		'refuses %s, naming the host, before anything is sent',
		async (_name, options, host) => {
			await expect(authenticate(options())).rejects.toThrow(
				`Not sent: this request goes to ${typeof host === 'string' ? host : host()}, but the ovice credential's key may only be sent to its Base URL ${bed.sandbox.url}. Nothing was sent.`,
			);
		},
	);

	it('refuses a request without an address it can check', async () => {
		await expect(authenticate({})).rejects.toThrow(/^Not sent: the request has no address/);
	});

	it('refuses a key with a line break in it, naming the field', async () => {
		const type = bed.engine.credentialTypes.oviceApi;
		if (typeof type.authenticate !== 'function') throw new Error('no authenticate');
		await expect(
			type.authenticate({ ...bed.credentials.oviceApi, clientSecret: 'abc\r\nX-Injected: 1' }, {
				url: bed.sandbox.url,
			} as never),
		).rejects.toThrow(
			"The ovice credential's Client Secret contains a line break or another character a header cannot carry",
		);
	});
});

describe('a server that echoes the key: the secret is removed from errors and items', () => {
	const secretless = (value: unknown) =>
		expect(JSON.stringify(value)).not.toContain(SANDBOX_KEY.clientSecret);
	// A careless server at the Base URL: it quotes the key headers back in its refusal
	// (400 to a notification, 401 to anything else). The sandbox itself never does.
	const echo = useCatcher((request) => ({
		status: request.url.endsWith(ENDPOINTS.notifyWorkspace.path) ? 400 : 401,
		contentType: 'text/plain',
		body: `bad header client_id=${String(request.headers.client_id)} client_secret=${String(request.headers.client_secret)}`,
	}));

	it('HTTP 400 quoting the headers: the error quotes them without the secret', async () => {
		const result = await bed.engine.run(singleNodeWorkflow(notifyWorkspaceParameters()), {
			credentials: bed.credential({ baseUrl: echo.url }),
		});
		expect(echo.caught).toHaveLength(1);
		expect(result.error?.message).toBe(
			`ovice refused the request: bad header client_id=${SANDBOX_KEY.clientId} client_secret=[client secret removed] (HTTP 400)`,
		);
		secretless(result.run);
		secretless(result.error);
	});

	it('HTTP 401 quoting the headers: the description says what ovice said, without the secret', async () => {
		const result = await bed.engine.run(
			singleNodeWorkflow({ resource: 'group', operation: 'getAll', returnAll: true }),
			{ credentials: bed.credential({ baseUrl: echo.url }) },
		);
		expect(result.error?.message).toBe('ovice rejected the API key (HTTP 401)');
		expect(result.error?.description).toContain(
			'ovice said: "bad header client_id=sandbox-client-id client_secret=[client secret removed]".',
		);
		secretless(result.run);
	});

	it('a list answer that carries the secret, URL-encoded or in base64: the items hold none of it', async () => {
		const encoded = Buffer.from(`${SANDBOX_KEY.clientId}:${SANDBOX_KEY.clientSecret}`).toString(
			'base64',
		);
		await bed.client.addFault({
			status: 200,
			body: [{ id: 1, name: `x ${encodeURIComponent(SANDBOX_KEY.clientSecret)} ${encoded}` }],
			path: ENDPOINTS.listGroups.path,
		});
		const result = await bed.engine.run(
			singleNodeWorkflow({ resource: 'group', operation: 'getAll', returnAll: true }),
			{ credentials: bed.credentials },
		);
		expect(result.output('ovice').map((item) => item.json.name)).toEqual([
			'x [client secret removed] [client secret removed]',
		]);
		expect(JSON.stringify(result.run)).not.toContain(encoded);
	});
});

describe('failures before a byte leaves are "not sent" and are not retried', () => {
	it('a Client Secret with CR/LF: one clear error, no request, no retry wait', async () => {
		const started = Date.now();
		const result = await bed.engine.run(singleNodeWorkflow(notifyWorkspaceParameters()), {
			credentials: bed.credential({ clientSecret: `${SANDBOX_KEY.clientSecret}\r\n` }),
		});
		expect(result.error?.message).toBe(
			"The ovice credential's Client Secret contains a line break or another character a header cannot carry",
		);
		expect(result.error?.description).toMatch(/^Nothing was sent\./);
		expect(await bed.client.requests()).toHaveLength(0);
		// the read retries wait 250 ms and more; a refusal before sending waits for nothing
		expect(Date.now() - started).toBeLessThan(2_000);
	});

	it('an error Node raises while building the request is worded as not sent, with no retry', () => {
		const verdict = judge(
			{ kind: 'noAnswer', code: 'ERR_INVALID_CHAR' },
			{ endpoint: ENDPOINTS.notifyGroup, subject: 'group 201', organizationId: '1' },
		);
		expect(verdict).toEqual({
			ok: false,
			failure: expect.objectContaining({
				reason: 'refused',
				notProcessed: true,
				transient: false,
				message: 'n8n could not build the request to ovice, so nothing was sent',
			}),
		});
		if (verdict.ok) return;
		expect(verdict.failure.description).toContain(
			'This notification was not sent, so running it again sends it once.',
		);
		expect(verdict.failure.description).not.toMatch(/may or may not/);
	});
});

describe('error pages built to be slow to read', () => {
	it.each([
		['unclosed <style tags', '<style'],
		['unclosed tags', '<a'],
		['unclosed <script tags', '<script x'],
	])('1 MB of %s is reduced in under 50 ms', (_name, unit) => {
		const body = `<html>${unit.repeat(Math.ceil((1024 * 1024) / unit.length))}`;
		const started = process.hrtime.bigint();
		const verdict = judge(
			{ kind: 'answer', status: 502, headers: {}, text: body },
			{ endpoint: ENDPOINTS.listGroups, organizationId: '1' },
		);
		const ms = Number(process.hrtime.bigint() - started) / 1e6;
		expect(verdict.ok).toBe(false);
		expect(ms).toBeLessThan(50);
	});

	it('a page with scripts and styles still gives its words', () => {
		const verdict = judge(
			{
				kind: 'answer',
				status: 503,
				headers: {},
				text: '<html><head><style>p{}</style><script>var x = "<b>";</script></head><body><h1>Down</h1> for <i>maintenance</i></body></html>',
			},
			{ endpoint: ENDPOINTS.listGroups, organizationId: '1' },
		);
		expect(verdict.ok ? '' : verdict.failure.description).toBe(
			'Try again in a moment. ovice said: "Down for maintenance".',
		);
	});
});

describe('the secret in a redirect target', () => {
	const catcher = useCatcher();
	it('a Location carrying the secret is not quoted with it', async () => {
		await bed.client.addFault({
			status: 302,
			redirectTo: `/x?key=${SANDBOX_KEY.clientSecret}`,
			path: ENDPOINTS.listGroups.path,
		});
		const result = await bed.engine.run(
			singleNodeWorkflow({ resource: 'group', operation: 'getAll', returnAll: true }),
			{ credentials: bed.credentials },
		);
		expect(result.error?.message).toBe(
			'The Base URL redirected to /x?key=[client secret removed] (HTTP 302); the request was not followed there',
		);
		expect(catcher.caught).toHaveLength(0);
	});
});

describe('a secret quoted back with ordinary escapes is removed too (bodies written by hand)', () => {
	// A secret with the characters servers escape: "/" (PHP writes \/) and letters.
	const secret = 'Ab/cd+ef=gh';
	const credentials = () => bed.credential({ clientSecret: secret });
	/** Neither the secret nor any of the escaped forms used below may be anywhere. */
	const clean = (value: unknown) => {
		const text = JSON.stringify(value);
		for (const form of [
			secret,
			'Ab\\\\/cd',
			'\\\\u0041\\\\u0062',
			'Ab&#47;cd',
			'Ab&sol;cd',
			'Ab%2Fcd',
			'&#x41;&#98;',
		])
			expect(text).not.toContain(form);
	};
	const notifyFails = async (rawBody: string, contentType?: string) => {
		await bed.client.addFault({
			status: 400,
			rawBody,
			contentType,
			path: ENDPOINTS.notifyWorkspace.path,
		});
		return await bed.engine.run(singleNodeWorkflow(notifyWorkspaceParameters()), {
			credentials: credentials(),
		});
	};

	it("JSON with \\/ (PHP's default escaping): the error holds no secret", async () => {
		const result = await notifyFails('{"message":"key Ab\\/cd+ef=gh is not valid"}');
		expect(result.error?.message).toBe(
			'ovice refused the request: key [client secret removed] is not valid (HTTP 400)',
		);
		clean(result.error);
		clean(result.run);
	});

	it('JSON with \\u escapes for every letter: the error holds no secret', async () => {
		const result = await notifyFails(
			'{"message":"key \\u0041\\u0062\\/\\u0063d\\u002bef\\u003Dgh is not valid"}',
		);
		expect(result.error?.message).toBe(
			'ovice refused the request: key [client secret removed] is not valid (HTTP 400)',
		);
		clean(result.error);
		clean(result.run);
	});

	it('an HTML page with entities (&#47; &sol; &#x41;): the error holds no secret', async () => {
		const result = await notifyFails(
			'<html><body><p>key &#x41;&#98;&#47;cd&plus;ef&equals;gh refused</p><p>again Ab&sol;cd+ef=gh</p></body></html>',
			'text/html',
		);
		expect(JSON.stringify(result.error)).toContain('[client secret removed]');
		clean(result.error);
		clean(result.run);
	});

	it('a 2xx list answer quoting it with \\/ and %2F: the items hold no secret', async () => {
		await bed.client.addFault({
			status: 200,
			rawBody: '[{"id":1,"name":"x Ab\\/cd+ef=gh","Ab%2Fcd%2Bef%3Dgh":"y"}]',
			path: ENDPOINTS.listGroups.path,
		});
		const result = await bed.engine.run(
			singleNodeWorkflow({ resource: 'group', operation: 'getAll', returnAll: true }),
			{ credentials: credentials() },
		);
		expect(result.output('ovice').map((item) => item.json)).toEqual([
			{ id: 1, name: 'x [client secret removed]', '[client secret removed]': 'y' },
		]);
		clean(result.run);
	});
});

describe('authenticate: never with certificate checks off, never in clear text through a proxy', () => {
	const onOviceCom = () => bed.credential({ baseUrl: 'https://api.ovice.com' });
	const authenticateFor = async (credentials: Record<string, unknown>, options: object) => {
		const type = bed.engine.credentialTypes.oviceApi;
		if (typeof type.authenticate !== 'function') throw new Error('no authenticate');
		return await type.authenticate(credentials as never, options as never);
	};
	const onOvice = 'https://api.ovice.com/api/public/v1/1/organizations/workspaces';

	it.each([
		['the legacy path (HTTP Request node)', { uri: onOvice, rejectUnauthorized: false }],
		['httpRequest', { url: onOvice, skipSslCertificateValidation: true }],
		['agent options', { uri: onOvice, agentOptions: { rejectUnauthorized: false } }],
		['a proxy too', { uri: onOvice, rejectUnauthorized: false, proxy: 'http://127.0.0.1:3128' }],
	])('Ignore SSL Issues on (%s): refused, naming the setting', async (_name, options) => {
		await expect(authenticateFor(onOviceCom().oviceApi, options)).rejects.toThrow(
			'Not sent: certificate checks are off for this request ("Ignore SSL Issues (Insecure)" is on)',
		);
	});

	it('a proxy to an http: Base URL: refused, naming the proxy; string and object forms', async () => {
		for (const proxy of ['http://127.0.0.1:3128', { host: '127.0.0.1', port: 3128 }]) {
			await expect(
				authenticateFor(bed.credentials.oviceApi, { uri: `${bed.sandbox.url}/x`, proxy }),
			).rejects.toThrow(
				"Not sent: this request would carry the ovice client secret in clear text through the proxy 127.0.0.1:3128. Nothing was sent. Remove the Proxy from the node's options",
			);
		}
	});

	it('a proxy beside a certificate authority of the request: refused', async () => {
		await expect(
			authenticateFor(onOviceCom().oviceApi, {
				uri: onOvice,
				proxy: 'http://127.0.0.1:3128',
				agentOptions: { ca: '-----BEGIN CERTIFICATE-----' },
			}),
		).rejects.toThrow('Not sent: this request names a proxy (127.0.0.1:3128)');
	});

	it('a proxy with certificates checked to https, and Ignore SSL Issues with plain http to this machine: the key is added', async () => {
		const viaProxy = (await authenticateFor(onOviceCom().oviceApi, {
			uri: onOvice,
			proxy: 'http://127.0.0.1:3128',
			rejectUnauthorized: true,
		})) as { headers: Record<string, string> };
		expect(viaProxy.headers.client_secret).toBe(SANDBOX_KEY.clientSecret);
		const local = (await authenticateFor(bed.credentials.oviceApi, {
			uri: `${bed.sandbox.url}/x`,
			rejectUnauthorized: false,
		})) as { headers: Record<string, string> };
		expect(local.headers.client_secret).toBe(SANDBOX_KEY.clientSecret);
	});

	it('the ovice node with Request Options → Ignore SSL Issues to https: one clear error, nothing sent', async () => {
		const result = await bed.engine.run(
			singleNodeWorkflow({
				resource: 'group',
				operation: 'getAll',
				returnAll: true,
				requestOptions: { allowUnauthorizedCerts: true },
			}),
			{ credentials: onOviceCom() },
		);
		expect(result.error?.message).toBe(
			'Not sent: certificate checks are off for this request ("Ignore SSL Issues (Insecure)" is on), so whoever answers could read the ovice client secret',
		);
		expect(result.error?.description).toContain(
			'Turn "Ignore SSL Issues (Insecure)" off in the node\'s options (Request Options in the ovice node',
		);
	});
});
