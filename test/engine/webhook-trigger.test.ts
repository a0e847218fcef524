/**
 * The ovice Webhook Trigger receiving ovice-style webhooks over real HTTP, sent by the sandbox's
 * webhook emitter with the Post Data templates the node shows.
 */
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { request } from 'undici';

import { OVICE_EVENTS, postDataTemplate } from '../../nodes/OviceWebhookTrigger/events';
import type { INodeParameters } from 'n8n-workflow';
import { PACKAGE_NAME } from '../harness/engine';
import type { CredentialsByType } from '../harness/engine';
import { useTestBed, webhookTriggerNode } from '../harness/fixtures';
import { WebhookHarness } from '../harness/triggers';

const bed = useTestBed();

async function withTrigger(
	parameters: INodeParameters,
	test: (hook: WebhookHarness) => Promise<void>,
	credentials: CredentialsByType = {},
) {
	const node = webhookTriggerNode(parameters);
	if (credentials.oviceWebhookTokenApi) node.credentials = { oviceWebhookTokenApi: { id: 'token', name: 'ovice webhook token' } };
	const hook = new WebhookHarness(bed.engine, node, credentials);
	await hook.start();
	try {
		await test(hook);
	} finally {
		await hook.stop();
	}
}

async function post(url: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) {
	const response = await request(url, { method: 'POST', headers, body });
	return { status: response.statusCode, body: await response.body.text() };
}

const allEvents = OVICE_EVENTS.map((event) => event.value);

describe('Post Data templates', () => {
	it('are of the form the node documents, with the event\'s own field only where it has one', () => {
		expect(postDataTemplate(OVICE_EVENTS.find((event) => event.value === 'enterRoom')!)).toBe(
			'{"event":"enterRoom","name":"{{name}}","email":"{{email}}","room":"{{room}}"}',
		);
		expect(postDataTemplate(OVICE_EVENTS.find((event) => event.value === 'knock')!)).toBe(
			'{"event":"knock","name":"{{name}}","email":"{{email}}"}',
		);
	});

	it('are shown in a notice for each selectable event', () => {
		const { description } = bed.engine.nodeTypes.getByNameAndVersion(`${PACKAGE_NAME}.oviceWebhookTrigger`, 1);
		for (const event of OVICE_EVENTS) {
			const notice = description.properties.find((property) => property.name === `${event.value}Template`);
			expect(notice?.type).toBe('notice');
			// On a line of its own: n8n's notices render <ul><li>, and strip <b>, <br>, <code>.
			expect(notice?.displayName).toContain(`<li>${postDataTemplate(event)}</li>`);
			expect(notice?.displayOptions?.show?.events).toEqual([event.value]);
		}
	});
});

describe('ovice Webhook Trigger', () => {
	it.each(OVICE_EVENTS.map((event) => [event.value, event.extra]))(
		'starts the workflow for %s with its fields',
		async (value, extra) => {
			await withTrigger({ events: allEvents }, async (hook) => {
				const values = { name: 'Ben "B" Carter', email: 'ben.carter@example.com', room: 'Room 2', memo: 'lunch', message: 'hi @Aiko' };
				const delivery = await bed.client.emitWebhook({ url: hook.url, event: value, values });
				expect(delivery.status).toBe(200);
				expect(hook.started).toHaveLength(1);
				const [item] = hook.started[0];
				const expected: Record<string, unknown> = { event: value, name: 'Ben "B" Carter', email: 'ben.carter@example.com' };
				if (extra) expected[extra] = values[extra];
				expect(item).toMatchObject(expected);
				for (const other of ['room', 'memo', 'message'].filter((field) => field !== extra)) {
					expect(item).not.toHaveProperty(other);
				}
				expect(new Date(String(item.receivedAt)).toISOString()).toBe(item.receivedAt);
				expect(item.body).toEqual(JSON.parse(delivery.sent));
			});
		},
	);

	it('answers 2xx and starts nothing for an event that is not selected', async () => {
		await withTrigger({ events: ['enterRoom'] }, async (hook) => {
			const delivery = await bed.client.emitWebhook({ url: hook.url, event: 'knock' });
			expect(delivery.status).toBe(200);
			expect(hook.started).toHaveLength(0);
		});
	});

	it('takes the event from the URL query when the body has none', async () => {
		await withTrigger({ events: ['knock'] }, async (hook) => {
			await bed.client.emitWebhook({ url: `${hook.url}?event=knock`, postData: '{"name":"{{name}}","email":"{{email}}"}' });
			expect(hook.started).toHaveLength(1);
			expect(hook.started[0][0]).toMatchObject({ event: 'knock', name: 'Aiko Tanaka' });
		});
	});

	it("triggers on ovice's default free-form body when Requests Without an Event is chosen, passing the text through", async () => {
		await withTrigger({ events: ['online', 'noEvent'] }, async (hook) => {
			await bed.client.emitWebhook({ url: hook.url, postData: '{"text":"{{name}} ({{email}}) has joined the space"}' });
			expect(hook.started).toHaveLength(1);
			expect(hook.started[0][0]).toMatchObject({
				event: null,
				name: null,
				email: null,
				text: 'Aiko Tanaka (aiko.tanaka@example.com) has joined the space',
			});
		});
	});

	it.each([
		['an empty object', '{}'],
		['an empty event', '{"event":""}'],
		["ovice's default Post Data", '{"text":"Aiko Tanaka has joined the space"}'],
	])('%s names no event: answered, nothing started, unless Requests Without an Event is chosen', async (_name, body) => {
		await withTrigger({ events: ['knock'] }, async (hook) => {
			const response = await post(hook.url, body);
			expect(response.status).toBe(200);
			expect(JSON.parse(response.body)).toMatchObject({ received: true, started: false });
			expect(hook.started).toHaveLength(0);
		});
		await withTrigger({ events: ['knock', 'noEvent'] }, async (hook) => {
			await post(hook.url, body);
			expect(hook.started).toHaveLength(1);
			expect(hook.started[0][0]).toMatchObject({ event: null });
		});
	});

	it('answers a request that started the workflow with a small JSON object', async () => {
		await withTrigger({ events: ['online'] }, async (hook) => {
			const response = await post(hook.url, '{"event":"online","name":"Aiko Tanaka","email":"aiko.tanaka@example.com"}');
			expect(response.status).toBe(200);
			expect(JSON.parse(response.body)).toEqual({ received: true, started: true, event: 'online' });
		});
	});

	describe('with an ovice Webhook Token credential', () => {
		const token = 'Zq3-8fK_t0ken.value~ok';
		const credentials = { oviceWebhookTokenApi: { token } };

		it('starts only with the token in the URL: none 401, wrong 403, right 200', async () => {
			await withTrigger(
				{ events: ['online'] },
				async (hook) => {
					expect((await bed.client.emitWebhook({ url: hook.url, event: 'online' })).status).toBe(401);
					const wrong = await bed.client.emitWebhook({ url: `${hook.url}?token=guess`, event: 'online' });
					expect(wrong.status).toBe(403);
					expect(wrong.body).not.toContain(token);
					expect(hook.started).toHaveLength(0);
					expect((await bed.client.emitWebhook({ url: `${hook.url}?token=${token}`, event: 'online' })).status).toBe(200);
					expect(hook.started).toHaveLength(1);
				},
				credentials,
			);
		});

		it('keeps the token out of the workflow: the node carries only a reference to the credential', () => {
			const node = webhookTriggerNode({ events: ['online'] });
			node.credentials = { oviceWebhookTokenApi: { id: 'token', name: 'ovice webhook token' } };
			expect(JSON.stringify(node)).not.toContain(token);
		});

		it.each([
			['a good token', token, 'OK'],
			['a short one', 'short', 'Error'],
			['one with characters a URL changes', 'has spaces and & signs in it', 'Error'],
		])('the credential Test checks the form of %s', async (_name, value, status) => {
			expect((await bed.engine.testCredential('oviceWebhookTokenApi', { token: value })).status).toBe(status);
		});
	});

	describe('with the old Secret Token setting (a node parameter)', () => {
		const parameters = { events: allEvents, secretToken: 's3cret-token' };

		it('refuses a request without the token (401) and starts nothing', async () => {
			await withTrigger(parameters, async (hook) => {
				const delivery = await bed.client.emitWebhook({ url: hook.url, event: 'online' });
				expect(delivery.status).toBe(401);
				expect(hook.started).toHaveLength(0);
			});
		});

		it('refuses a wrong token (403) and starts nothing', async () => {
			await withTrigger(parameters, async (hook) => {
				const delivery = await bed.client.emitWebhook({ url: `${hook.url}?token=guess`, event: 'online' });
				expect(delivery.status).toBe(403);
				expect(delivery.body).not.toContain('s3cret-token');
				expect(hook.started).toHaveLength(0);
			});
		});

		it('starts the workflow with the right token', async () => {
			await withTrigger(parameters, async (hook) => {
				const delivery = await bed.client.emitWebhook({ url: `${hook.url}?token=s3cret-token`, event: 'online' });
				expect(delivery.status).toBe(200);
				expect(hook.started).toHaveLength(1);
			});
		});
	});

	describe('bad requests start nothing', () => {
		it.each([
			['an unknown event', '{"event":"dance","name":"x"}', 400],
			['a JSON array', '[1,2,3]', 400],
			['a body over 64 KiB', JSON.stringify({ event: 'online', name: 'x'.repeat(70 * 1024) }), 413],
			['a body that is not JSON', '{"event": "online", ', 422],
		])('%s is refused', async (_name, body, status) => {
			await withTrigger({ events: allEvents }, async (hook) => {
				const response = await post(hook.url, body);
				expect(response.status).toBe(status);
				expect(hook.started).toHaveLength(0);
			});
		});

		it('a gzip body of 200 KB (a few KB on the wire) is measured after decompression: 413', async () => {
			await withTrigger({ events: allEvents }, async (hook) => {
				const body = gzipSync(JSON.stringify({ event: 'online', name: 'x'.repeat(200 * 1024) }));
				expect(body.length).toBeLessThan(5 * 1024);
				const response = await request(hook.url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body });
				expect(response.statusCode).toBe(413);
				await response.body.text();
				expect(hook.started).toHaveLength(0);
			});
		});

		it('a chunked body of 120 KB (no Content-Length) is refused: 413', async () => {
			await withTrigger({ events: allEvents }, async (hook) => {
				const text = JSON.stringify({ event: 'online', name: 'x'.repeat(120 * 1024) });
				async function* chunks() {
					for (let offset = 0; offset < text.length; offset += 16 * 1024) yield Buffer.from(text.slice(offset, offset + 16 * 1024));
				}
				const response = await request(hook.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: Readable.from(chunks()) });
				expect(response.statusCode).toBe(413);
				await response.body.text();
				expect(hook.started).toHaveLength(0);
			});
		});
	});
});
