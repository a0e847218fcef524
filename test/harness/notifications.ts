/** Numbered workspace notifications run through the engine, and what ovice received of them. */
import type { INodeExecutionData } from 'n8n-workflow';

import { fromList, singleNodeWorkflow, textNotifications } from './fixtures';
import type { TestBed } from './fixtures';

export const NOTIFY_PATH = '/workspaces/notification';

export function notifyEach(count: number, extra: Record<string, unknown> = {}) {
	const workflow = singleNodeWorkflow(
		{
			resource: 'workspace',
			operation: 'sendNotification',
			workspaceId: fromList(101),
			message: '={{ $json.text }}',
			...extra,
		},
		{ onError: 'continueRegularOutput' },
	);
	const input = Array.from({ length: count }, (_, index) => ({ text: `note-${index}` }));
	return { workflow, input };
}

export async function notifyAndCollect(
	bed: TestBed,
	count: number,
	credentialOverrides = {},
	extra: Record<string, unknown> = {},
) {
	const { workflow, input } = notifyEach(count, extra);
	const started = Date.now();
	const result = await bed.engine.run(workflow, {
		credentials: bed.credential(credentialOverrides),
		input,
	});
	const elapsedMs = Date.now() - started;
	expect(result.error).toBeUndefined();
	const items = result.output('ovice');
	const delivered = (await bed.client.notifications()).map((notification) => notification.message);
	const requests = (await bed.client.requests()).filter((request) =>
		request.path.endsWith(NOTIFY_PATH),
	);
	return { items, delivered, requests, elapsedMs };
}

/** Each item either succeeded and was delivered once, or reports an error; nothing twice. */
export function expectExactlyOnceOrReported(
	items: INodeExecutionData[],
	delivered: string[],
	count: number,
) {
	expect(items).toHaveLength(count);
	const times = new Map<string, number>();
	for (const message of delivered) times.set(message, (times.get(message) ?? 0) + 1);
	expect([...times.values()].every((n) => n === 1)).toBe(true);
	items.forEach((item, index) => {
		const message = `note-${index}`;
		if (item.json.success === true) {
			expect(times.get(message)).toBe(1);
		} else {
			expect(String(item.json.error)).toMatch(/ovice/);
		}
	});
}

/**
 * ovice's rate limit seen through two credentials that spell the same key's Base URL two
 * ways (`…:PORT` and `…:PORT/`): `count` notifications through each, both executions at
 * once, against an ovice allowing `perSecond` that answers 429 with `retryAfter` (null: none).
 * Returns, per execution, the messages delivered, and the notification requests made.
 */
export async function twoSpellingsAtOnce(
	bed: TestBed,
	count: number,
	perSecond: number,
	retryAfter: string | null,
) {
	await bed.client.limitRate(perSecond, retryAfter);
	const runs = await Promise.all(
		[bed.sandbox.url, `${bed.sandbox.url}/`].map((baseUrl, index) => {
			const { workflow, input } = textNotifications(`spelling${index}`, count);
			return bed.engine.run(workflow, { credentials: bed.credential({ baseUrl }), input });
		}),
	);
	const delivered = (prefix: string) =>
		bed.sandbox.notifications
			.map((notification) => notification.message)
			.filter((message) => message.startsWith(`${prefix}-`));
	return {
		errors: runs.map((run) => run.error),
		delivered: [delivered('spelling0'), delivered('spelling1')],
		requests: bed.sandbox.requests.filter((request) => request.path.endsWith(NOTIFY_PATH)).length,
	};
}
