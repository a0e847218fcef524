/**
 * The sandbox holds a key and can send webhooks anywhere: only this machine's own names
 * reach it, and its control routes take JSON only (which a web page cannot send unasked).
 */
import { request } from 'undici';

import { SANDBOX_KEY } from '../../sandbox/data';
import { SECRET_WITHHELD } from '../../sandbox/server';
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
