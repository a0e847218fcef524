/**
 * The sandbox holds a key and can send webhooks anywhere: only this machine's own names
 * reach it, and its control routes take JSON only (which a web page cannot send unasked).
 */
import { request } from 'undici';

import { SANDBOX_KEY } from '../../sandbox/data';
import { SECRET_WITHHELD, startSandbox } from '../../sandbox/server';
import { collector } from '../harness/collector';
import { singleNodeWorkflow, useTestBed } from '../harness/fixtures';

const bed = useTestBed();

describe('sandbox guard', () => {
	it.each([
		'evil.example.com',
		'evil.example.com:4010',
		'localhost.evil.example',
		'127.0.0.1.nip.io',
	])('refuses Host %s (DNS rebinding) on data, control and API routes', async (host) => {
		for (const path of [
			'/__sandbox/data',
			'/__sandbox/requests',
			'/api/public/v1/1000/organizations/workspaces',
		]) {
			const response = await request(`${bed.sandbox.url}${path}`, { headers: { host } });
			expect(response.statusCode).toBe(421);
			expect(await response.body.text()).not.toContain('secret');
		}
	});

	it.each(['localhost', 'localhost:5678', '127.0.0.1:4010', '[::1]:4010'])(
		'answers Host %s',
		async (host) => {
			const response = await request(`${bed.sandbox.url}/healthz`, { headers: { host } });
			expect(response.statusCode).toBe(200);
			await response.body.text();
		},
	);

	it('refuses a text/plain control POST (what a web page can send without a preflight), and nothing is emitted', async () => {
		const emission = JSON.stringify({ url: 'http://127.0.0.1:9/anywhere', event: 'online' });
		const response = await request(`${bed.sandbox.url}/__sandbox/webhooks/emit`, {
			method: 'POST',
			headers: { 'content-type': 'text/plain' },
			body: emission,
		});
		expect(response.statusCode).toBe(415);
		await response.body.text();
		const reset = await request(`${bed.sandbox.url}/__sandbox/reset`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: 'a=b',
		});
		expect(reset.statusCode).toBe(415);
		await reset.body.text();
	});

	it('accepts the same control request as application/json', async () => {
		const response = await request(`${bed.sandbox.url}/__sandbox/reset`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{}',
		});
		expect(response.statusCode).toBe(200);
		await response.body.text();
	});
});

describe('the sandbox keeps no secret it is sent', () => {
	it('its request log and control answers hold neither its own secret nor a real one typed into its credential', async () => {
		const real = 'a-real-ovice-secret-typed-in-by-mistake';
		for (const clientSecret of [SANDBOX_KEY.clientSecret, real]) {
			await bed.engine.run(
				singleNodeWorkflow(
					{ resource: 'group', operation: 'getAll', returnAll: true },
					{ onError: 'continueRegularOutput' },
				),
				{
					credentials: bed.credential({ clientSecret }),
				},
			);
		}
		const recorded = await bed.client.requests();
		expect(recorded.map((entry) => [entry.headers.client_secret, entry.secretMatched])).toEqual([
			[SECRET_WITHHELD, true],
			[SECRET_WITHHELD, false],
		]);
		for (const route of ['/__sandbox/requests', '/__sandbox/data', '/__sandbox/notifications']) {
			const text = await (await request(`${bed.sandbox.url}${route}`)).body.text();
			expect(text).not.toContain(SANDBOX_KEY.clientSecret);
			expect(text).not.toContain(real);
		}
		// The sandbox's own record in memory, as its console mode prints it, keeps no value either.
		expect(JSON.stringify(bed.sandbox.requests)).not.toContain(real);
	});
});

describe('the sandbox cannot be turned against a key', () => {
	// What a real key looks like, sent as HTTP Request sends a credential's headers.
	const REAL = {
		client_id: 'ovc-client-5b1e',
		client_secret: 'ovc_live_9f8a7c6b5d4e3f2a1b0c9d8e7f6a5b4c',
	};
	const forms = [
		REAL.client_secret,
		encodeURIComponent(REAL.client_secret),
		Buffer.from(REAL.client_secret).toString('base64'),
		Buffer.from(`${REAL.client_id}:${REAL.client_secret}`).toString('base64'),
	];

	it.each([
		[{ echoHeaders: true }],
		[{ echoHeaders: true, status: 400 }],
		[{ status: 401 }],
		[{ status: 500 }],
		[{ status: 302, redirectTo: 'http://127.0.0.1:9/' }],
		[{ malformed: 'html' }],
		[{ status: 429, retryAfter: 1 }],
		[{ status: 400, body: { headers: '{{client_secret}}' } }],
		[{ delayMs: 1 }],
	])('no control rule makes it answer with the key it was sent: %j', async (rule) => {
		await bed.client.addFault({ times: -1, ...rule } as never);
		const answer = await request(`${bed.sandbox.url}/api/public/v1/1000/organizations/groups`, {
			headers: REAL,
		});
		const text = `${JSON.stringify(answer.headers)} ${await answer.body.text()}`;
		for (const form of forms) expect(text).not.toContain(form);
		for (const route of ['/__sandbox/requests', '/__sandbox/data']) {
			const logged = await (await request(`${bed.sandbox.url}${route}`)).body.text();
			for (const form of forms) expect(logged).not.toContain(form);
		}
	});

	// Reachable memory after a collection, not RSS: this process also sends the 300 MB, and
	// how much of that the allocator has handed back when RSS is read varies from run to run.
	it('300 unauthenticated 1 MB posts: the log keeps a bounded amount (less than 50 MB still reachable)', async () => {
		const sandbox = await startSandbox();
		const collect = collector();
		try {
			const body = `{"message":"${'x'.repeat(1024 * 1024 - 16)}"}`;
			const reachable = () => {
				collect();
				const { heapUsed, arrayBuffers } = process.memoryUsage();
				return (heapUsed + arrayBuffers) / 1024 / 1024;
			};
			const before = reachable();
			for (let post = 0; post < 300; post++) {
				const answer = await request(`${sandbox.url}/api/public/v1/1000/groups/notification`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body,
				});
				expect(answer.statusCode).toBe(401);
				await answer.body.text();
			}
			const growthMb = reachable() - before;
			process.stdout.write(`sandbox: 300 × 1 MB posts, ${growthMb.toFixed(1)} MB more reachable\n`);
			expect(growthMb).toBeLessThan(50);
			expect(sandbox.requests).toHaveLength(300);
			expect(JSON.stringify(sandbox.requests).length).toBeLessThan(300 * 20_000);
		} finally {
			await sandbox.close();
		}
	});

	it('the webhook emitter posts only to this machine: a .invalid host is refused before any lookup', async () => {
		await expect(
			bed.client.emitWebhook({ url: 'http://ovice-hooks.invalid/webhook', event: 'online' }),
		).rejects.toThrow(
			'the sandbox did not post it: the sandbox posts webhooks only to this machine (localhost, 127.0.0.1, [::1]), not ovice-hooks.invalid',
		);
	});
});
