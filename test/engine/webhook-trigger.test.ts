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
	if (credentials.oviceWebhookTokenApi)
		node.credentials = { oviceWebhookTokenApi: { id: 'token', name: 'ovice webhook token' } };
	const hook = new WebhookHarness(bed.engine, node, credentials);
	await hook.start();
	try {
		await test(hook);
	} finally {
		await hook.stop();
	}
}

async function post(
	url: string,
	body: string,
	headers: Record<string, string> = { 'content-type': 'application/json' },
) {
	const response = await request(url, { method: 'POST', headers, body });
	return { status: response.statusCode, body: await response.body.text() };
}

const allEvents = OVICE_EVENTS.map((event) => event.value);

describe('Post Data templates', () => {
	it("are of the form the node documents, with the event's own field only where it has one", () => {
		expect(postDataTemplate(OVICE_EVENTS.find((event) => event.value === 'enterRoom')!)).toBe(
			'{"event":"enterRoom","name":"{{name}}","email":"{{email}}","room":"{{room}}"}',
		);
		expect(postDataTemplate(OVICE_EVENTS.find((event) => event.value === 'knock')!)).toBe(
			'{"event":"knock","name":"{{name}}","email":"{{email}}"}',
		);
	});

	it('are shown in a notice for each selectable event', () => {
		const { description } = bed.engine.nodeTypes.getByNameAndVersion(
			`${PACKAGE_NAME}.oviceWebhookTrigger`,
			1,
		);
		for (const event of OVICE_EVENTS) {
			const notice = description.properties.find(
				(property) => property.name === `${event.value}Template`,
			);
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
				const values = {
					name: 'Ben "B" Carter',
					email: 'ben.carter@example.com',
					room: 'Room 2',
					memo: 'lunch',
					message: 'hi @Aiko',
				};
				const delivery = await bed.client.emitWebhook({ url: hook.url, event: value, values });
				expect(delivery.status).toBe(200);
				expect(hook.started).toHaveLength(1);
				const [item] = hook.started[0];
				const expected: Record<string, unknown> = {
					event: value,
					name: 'Ben "B" Carter',
					email: 'ben.carter@example.com',
				};
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

	it("the sandbox's emitter pairs a given name with that person's email, never another's", async () => {
		await withTrigger({ events: ['knock'] }, async (hook) => {
			await bed.client.emitWebhook({
				url: hook.url,
				event: 'knock',
				values: { name: 'Dana Okafor' },
			});
			await bed.client.emitWebhook({ url: hook.url, event: 'knock', values: { name: 'Zoe New' } });
			expect(hook.started.map((items) => items[0])).toMatchObject([
				{ name: 'Dana Okafor', email: 'dana.okafor@example.com' },
				{ name: 'Zoe New', email: 'zoe.new@example.com' },
			]);
		});
	});

	it('takes the event from the URL query when the body has none', async () => {
		await withTrigger({ events: ['knock'] }, async (hook) => {
			await bed.client.emitWebhook({
				url: `${hook.url}?event=knock`,
				postData: '{"name":"{{name}}","email":"{{email}}"}',
			});
			expect(hook.started).toHaveLength(1);
			expect(hook.started[0][0]).toMatchObject({ event: 'knock', name: 'Aiko Tanaka' });
		});
	});

	it("triggers on ovice's default free-form body when Requests Without an Event is chosen, passing the text through", async () => {
		await withTrigger({ events: ['online', 'noEvent'] }, async (hook) => {
			await bed.client.emitWebhook({
				url: hook.url,
				postData: '{"text":"{{name}} ({{email}}) has joined the space"}',
			});
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
	])(
		'%s names no event: answered, nothing started, unless Requests Without an Event is chosen',
		async (_name, body) => {
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
		},
	);

	it('answers a request that started the workflow with a small JSON object', async () => {
		await withTrigger({ events: ['online'] }, async (hook) => {
			const response = await post(
				hook.url,
				'{"event":"online","name":"Aiko Tanaka","email":"aiko.tanaka@example.com"}',
			);
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
					expect((await bed.client.emitWebhook({ url: hook.url, event: 'online' })).status).toBe(
						401,
					);
					const wrong = await bed.client.emitWebhook({
						url: `${hook.url}?token=guess`,
						event: 'online',
					});
					expect(wrong.status).toBe(403);
					expect(wrong.body).not.toContain(token);
					expect(hook.started).toHaveLength(0);
					expect(
						(await bed.client.emitWebhook({ url: `${hook.url}?token=${token}`, event: 'online' }))
							.status,
					).toBe(200);
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
			expect(
				(await bed.engine.testCredential('oviceWebhookTokenApi', { token: value })).status,
			).toBe(status);
		});
	});

	describe('a token credential that cannot protect the webhook fails closed', () => {
		it.each([
			['an empty token', '', 'The token is empty.'],
			['a one-character token', 'x', 'The token has 1 character; use at least 16.'],
			[
				'a token with characters a URL changes',
				'has spaces and & signs in it',
				'The token has characters that change in a URL; use only letters, digits, "-", "_", "." and "~".',
			],
		])(
			'%s: every request is refused with 401 saying why, nothing starts',
			async (_name, value, why) => {
				await withTrigger(
					{ events: ['online'] },
					async (hook) => {
						for (const url of [hook.url, `${hook.url}?token=${encodeURIComponent(value)}`]) {
							const delivery = await bed.client.emitWebhook({ url, event: 'online' });
							expect(delivery.status).toBe(401);
							expect(JSON.parse(delivery.body)).toEqual({
								message: `This webhook's token is not usable, so it accepts no request: ${why} Set a token of at least 16 URL-safe characters in its ovice Webhook Token credential.`,
							});
						}
						expect(hook.started).toHaveLength(0);
					},
					{ oviceWebhookTokenApi: { token: value } },
				);
			},
		);
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

		it('a body nested deeper than 32 levels: 400 with a clear message, not a stack overflow', async () => {
			await withTrigger({ events: allEvents }, async (hook) => {
				const deep = `{"event":"online","name":${'['.repeat(20000)}${']'.repeat(20000)}}`;
				const response = await post(hook.url, deep);
				expect([response.status, JSON.parse(response.body)]).toEqual([
					400,
					{
						message:
							"The body nests deeper than 32 levels; ovice's Post Data is a flat JSON object",
					},
				]);
				const flat = await post(
					hook.url,
					'{"event":"online","name":"Aiko","extra":{"a":{"b":[1]}}}',
				);
				expect(flat.status).toBe(200);
				expect(hook.started).toHaveLength(1);
			});
		});

		it.each([
			[
				'form fields',
				'application/x-www-form-urlencoded',
				'event=online&name=Aiko',
				415,
				"The body must be JSON (Content-Type application/json), got application/x-www-form-urlencoded. ovice's Post Data is a JSON template.",
			],
			[
				'XML',
				'application/xml',
				'<event>online</event>',
				415,
				"The body must be JSON (Content-Type application/json), got application/xml. ovice's Post Data is a JSON template.",
			],
			[
				'plain text',
				'text/plain',
				'Aiko Tanaka has joined the space',
				400,
				"The body is not JSON. ovice's Post Data must be a JSON object, such as the templates of this node.",
			],
		])('%s are refused (%s), nothing starts', async (_name, type, body, status, message) => {
			await withTrigger({ events: [...allEvents, 'noEvent'] }, async (hook) => {
				const response = await post(hook.url, body, { 'content-type': type });
				expect([response.status, JSON.parse(response.body)]).toEqual([status, { message }]);
				expect(hook.started).toHaveLength(0);
			});
		});

		it('JSON sent as text/plain or without a type counts: the type ovice sends is not documented', async () => {
			await withTrigger({ events: allEvents }, async (hook) => {
				expect(
					(
						await post(hook.url, '{"event":"online","name":"A"}', {
							'content-type': 'text/plain; charset=utf-8',
						})
					).status,
				).toBe(200);
				expect((await post(hook.url, '{"event":"online","name":"B"}', {})).status).toBe(200);
				expect(hook.started.map((items) => items[0].name)).toEqual(['A', 'B']);
			});
		});

		it('a gzip body of 200 KB (a few KB on the wire) is measured after decompression: 413', async () => {
			await withTrigger({ events: allEvents }, async (hook) => {
				const body = gzipSync(JSON.stringify({ event: 'online', name: 'x'.repeat(200 * 1024) }));
				expect(body.length).toBeLessThan(5 * 1024);
				const response = await request(hook.url, {
					method: 'POST',
					headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
					body,
				});
				expect(response.statusCode).toBe(413);
				await response.body.text();
				expect(hook.started).toHaveLength(0);
			});
		});

		it('a chunked body of 120 KB (no Content-Length) is refused: 413', async () => {
			await withTrigger({ events: allEvents }, async (hook) => {
				const text = JSON.stringify({ event: 'online', name: 'x'.repeat(120 * 1024) });
				async function* chunks() {
					for (let offset = 0; offset < text.length; offset += 16 * 1024)
						yield Buffer.from(text.slice(offset, offset + 16 * 1024));
				}
				const response = await request(hook.url, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: Readable.from(chunks()),
				});
				expect(response.statusCode).toBe(413);
				await response.body.text();
				expect(hook.started).toHaveLength(0);
			});
		});
	});
});
