/**
 * The ovice Trigger receiving ovice-style webhooks over real HTTP, sent by the sandbox's
 * webhook emitter with the Post Data templates the node shows.
 */
import { request } from 'undici';

import { OVICE_EVENTS, postDataTemplate } from '../../nodes/OviceTrigger/events';
import type { INodeParameters } from 'n8n-workflow';
import { PACKAGE_NAME } from '../harness/engine';
import { useTestBed, webhookTriggerNode } from '../harness/fixtures';
import { WebhookHarness } from '../harness/triggers';

const bed = useTestBed();

async function withTrigger(parameters: INodeParameters, test: (hook: WebhookHarness) => Promise<void>) {
	const hook = new WebhookHarness(bed.engine, webhookTriggerNode(parameters));
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
		const { description } = bed.engine.nodeTypes.getByNameAndVersion(`${PACKAGE_NAME}.oviceTrigger`, 1);
		for (const event of OVICE_EVENTS) {
			const notice = description.properties.find((property) => property.name === `${event.value}Template`);
			expect(notice?.type).toBe('notice');
			expect(notice?.displayName).toContain(postDataTemplate(event));
			expect(notice?.displayOptions?.show?.events).toEqual([event.value]);
		}
	});
});

describe('ovice Trigger', () => {
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

	it("still triggers on ovice's default free-form body, passing the text through", async () => {
		await withTrigger({ events: ['online'] }, async (hook) => {
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

	describe('with a secret token', () => {
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
	});
});
