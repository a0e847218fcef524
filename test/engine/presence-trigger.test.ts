/**
 * The ovice Presence Trigger polling the sandbox through n8n-core's PollContext, with the
 * sandbox changing statuses between polls as people come and go.
 */

import { fromList, presenceTriggerNode, useTestBed } from '../harness/fixtures';
import { PollHarness } from '../harness/triggers';

const bed = useTestBed();
const TOKYO = 101;

const summary = (items: Array<Record<string, unknown>> | null) =>
	(items ?? []).map((item) => [
		item.event,
		(item.user as { id: number }).id,
		item.previousStatus,
		item.status,
	]);

describe('ovice Presence Trigger', () => {
	it('records a silent baseline on the first poll, with one request', async () => {
		const poller = new PollHarness(bed.engine, presenceTriggerNode(), bed.credentials);
		expect(await poller.poll()).toBeNull();
		const users = (await bed.client.requests()).filter((r) => r.endpoint === 'listWorkspaceUsers');
		expect(users).toHaveLength(1);
		expect(poller.staticData.statuses).toEqual({
			'1001': 'online',
			'1002': 'online',
			'1003': 'away',
			'1004': 'offline',
			'1005': 'online',
			'1006': 'offline',
		});
	});

	it('emits exactly the changes since the last poll, once each', async () => {
		const poller = new PollHarness(bed.engine, presenceTriggerNode(), bed.credentials);
		await poller.poll();
		await bed.client.setUser(TOKYO, 1004, { status: 'online' });
		await bed.client.setUser(TOKYO, 1001, { status: 'offline' });
		await bed.client.setUser(TOKYO, 1002, { status: 'away' });
		const items = await poller.poll();
		expect(summary(items)).toEqual([
			['userOffline', 1001, 'online', 'offline'],
			['userStatusChanged', 1002, 'online', 'away'],
			['userOnline', 1004, 'offline', 'online'],
		]);
		expect(items![0]).toMatchObject({
			user: { id: 1001, name: 'Aiko Tanaka', email: 'aiko.tanaka@example.com', status: 'offline' },
			workspace: { id: TOKYO, name: 'Tokyo HQ' },
		});
		expect(new Date(String(items![0].observedAt)).toISOString()).toBe(items![0].observedAt);
		expect(await poller.poll()).toBeNull();
	});

	it('reports a user removed from the list as offline, and a new user as online', async () => {
		const poller = new PollHarness(bed.engine, presenceTriggerNode(), bed.credentials);
		await poller.poll();
		await bed.client.removeUser(TOKYO, 1002);
		await bed.client.addUser(TOKYO, {
			id: 1099,
			name: 'New Person',
			email: 'new@example.com',
			status: 'online',
		});
		const items = await poller.poll();
		expect(summary(items)).toEqual([
			['userOnline', 1099, null, 'online'],
			['userOffline', 1002, 'online', null],
		]);
		// Who left is still described: name and email were kept for users who were present.
		expect(items![1].user).toEqual({
			id: 1002,
			name: 'Ben Carter',
			email: 'ben.carter@example.com',
		});
	});

	it('rides out a short outage within one poll (reads are retried)', async () => {
		const poller = new PollHarness(bed.engine, presenceTriggerNode(), bed.credentials);
		await poller.poll();
		await bed.client.setUser(TOKYO, 1004, { status: 'online' });
		await bed.client.addFault({ status: 503, path: '/workspaces/workspace_users', times: 2 });
		expect(summary(await poller.poll())).toEqual([['userOnline', 1004, 'offline', 'online']]);
	});

	it('survives an outage without losing or repeating a change', async () => {
		const poller = new PollHarness(bed.engine, presenceTriggerNode(), bed.credentials);
		await poller.poll();
		await bed.client.setUser(TOKYO, 1004, { status: 'online' });
		// An outage longer than the read retries: both polls fail.
		await bed.client.addFault({ status: 503, path: '/workspaces/workspace_users', times: -1 });
		await expect(poller.poll()).rejects.toThrow('HTTP 503');
		await bed.client.setUser(TOKYO, 1003, { status: 'online' });
		await expect(poller.poll()).rejects.toThrow('HTTP 503');
		expect(poller.staticData.statuses).toMatchObject({ '1003': 'away', '1004': 'offline' });
		await bed.client.clearFaults();
		expect(summary(await poller.poll())).toEqual([
			['userStatusChanged', 1003, 'away', 'online'],
			['userOnline', 1004, 'offline', 'online'],
		]);
		expect(await poller.poll()).toBeNull();
	});

	it('keeps its state through a malformed answer', async () => {
		const poller = new PollHarness(bed.engine, presenceTriggerNode(), bed.credentials);
		await poller.poll();
		await bed.client.setUser(TOKYO, 1006, { status: 'online' });
		await bed.client.addFault({
			malformed: 'object',
			path: '/workspaces/workspace_users',
			times: 1,
		});
		await expect(poller.poll()).rejects.toThrow("does not look like ovice's API");
		expect(summary(await poller.poll())).toEqual([['userOnline', 1006, 'offline', 'online']]);
	});

	it('emits only the selected kinds of change', async () => {
		const poller = new PollHarness(
			bed.engine,
			presenceTriggerNode({ events: ['userOnline'] }),
			bed.credentials,
		);
		await poller.poll();
		await bed.client.setUser(TOKYO, 1004, { status: 'online' });
		await bed.client.setUser(TOKYO, 1001, { status: 'offline' });
		expect(summary(await poller.poll())).toEqual([['userOnline', 1004, 'offline', 'online']]);
		// The unselected change was still recorded, so it is not reported later.
		await bed.client.setUser(TOKYO, 1001, { status: 'offline' });
		expect(await poller.poll()).toBeNull();
	});

	it('watches only the users in the filter, by email or name, including when they leave', async () => {
		const poller = new PollHarness(
			bed.engine,
			presenceTriggerNode({ userFilter: 'dana.okafor@example.com, ben carter' }),
			bed.credentials,
		);
		await poller.poll();
		await bed.client.setUser(TOKYO, 1004, { status: 'online' });
		await bed.client.setUser(TOKYO, 1005, { status: 'away' });
		expect(summary(await poller.poll())).toEqual([['userOnline', 1004, 'offline', 'online']]);
		await bed.client.removeUser(TOKYO, 1002);
		expect(summary(await poller.poll())).toEqual([['userOffline', 1002, 'online', null]]);
	});

	it('starts a new baseline when the workspace is changed', async () => {
		const tokyo = new PollHarness(bed.engine, presenceTriggerNode(), bed.credentials);
		await tokyo.poll();
		tokyo.node.parameters.workspaceId = fromList(102);
		expect(await tokyo.poll()).toBeNull();
		expect(tokyo.staticData.workspaceId).toBe('102');
	});

	it('"Fetch test event" returns a realistic sample from the live workspace and keeps no state', async () => {
		const poller = new PollHarness(bed.engine, presenceTriggerNode(), bed.credentials);
		const items = await poller.poll('manual');
		expect(items).toEqual([
			{
				event: 'userOnline',
				user: { id: 1001, name: 'Aiko Tanaka', email: 'aiko.tanaka@example.com', status: 'online' },
				previousStatus: 'offline',
				status: 'online',
				workspace: { id: TOKYO, name: 'Tokyo HQ' },
				observedAt: expect.any(String),
			},
		]);
		expect(poller.staticData.statuses).toBeUndefined();
	});

	it('costs one request per poll for a workspace of 5,000 users', async () => {
		await bed.client.generateWorkspace(900, 5000);
		const poller = new PollHarness(
			bed.engine,
			presenceTriggerNode({ workspaceId: fromList(900) }),
			bed.credentials,
		);
		await poller.poll();
		await bed.client.clearRequests();
		await bed.client.setUser(900, 100001, { status: 'online' });
		const items = await poller.poll();
		expect(summary(items)).toEqual([['userOnline', 100001, 'offline', 'online']]);
		expect(await bed.client.requests()).toHaveLength(1);
	});
});

describe('ovice Presence Trigger: answers it cannot trust, and restarts', () => {
	const USERS_PATH = '/workspaces/workspace_users';

	it.each([
		['objects without an ID', [{ error: 'maintenance' }], 'has no user ID'],
		[
			'a status that is not text',
			[{ id: 1001, name: 'Aiko Tanaka', status: 1 }],
			'status that is not text',
		],
		['an object instead of a list', { users: [] }, "does not look like ovice's API"],
		['a list of strings', ['1001', '1002'], 'is not a user'],
	])(
		'%s: the poll fails, nothing is emitted and the state does not move',
		async (_name, body, expected) => {
			const poller = new PollHarness(bed.engine, presenceTriggerNode(), bed.credentials);
			await poller.poll();
			const before = JSON.stringify(poller.staticData);
			await bed.client.addFault({ status: 200, body, path: USERS_PATH, times: 1 });
			await expect(poller.poll()).rejects.toThrow(expected);
			expect(JSON.stringify(poller.staticData)).toBe(before);
			// The next good answer is the same as before the bad one: nothing happened.
			expect(await poller.poll()).toBeNull();
		},
	);

	it('a user listed twice with different statuses is resolved the same way every poll, in any order', async () => {
		const twice = (order: 'online first' | 'offline first') => {
			const entries = [
				{ id: 1001, name: 'Aiko Tanaka', email: 'aiko.tanaka@example.com', status: 'online' },
				{ id: 1001, name: 'Aiko Tanaka', email: 'aiko.tanaka@example.com', status: 'offline' },
			];
			return [
				...(order === 'online first' ? entries : entries.reverse()),
				{ id: 1002, name: 'Ben Carter', status: 'away' },
			];
		};
		const poller = new PollHarness(bed.engine, presenceTriggerNode(), bed.credentials);
		await bed.client.addFault({
			status: 200,
			body: twice('online first'),
			path: USERS_PATH,
			times: 1,
		});
		expect(await poller.poll()).toBeNull();
		expect(poller.staticData.statuses).toEqual({ '1001': 'online', '1002': 'away' });
		for (const order of ['offline first', 'online first', 'offline first'] as const) {
			await bed.client.addFault({ status: 200, body: twice(order), path: USERS_PATH, times: 1 });
			expect(await poller.poll()).toBeNull();
		}
	});

	it('an ID such as "__proto__" is a plain key, followed like any other', async () => {
		const list = (status: string) => [
			{ id: '__proto__', name: 'Proto', status },
			{ id: 'constructor', name: 'Ctor', status: 'online' },
		];
		const poller = new PollHarness(bed.engine, presenceTriggerNode(), bed.credentials);
		await bed.client.addFault({ status: 200, body: list('online'), path: USERS_PATH, times: 1 });
		await poller.poll();
		const statuses = poller.staticData.statuses as Record<string, string>;
		expect(Object.keys(statuses).sort()).toEqual(['__proto__', 'constructor']);
		expect(Object.getPrototypeOf(statuses)).toBe(Object.prototype);
		await bed.client.addFault({ status: 200, body: list('away'), path: USERS_PATH, times: 1 });
		expect(summary(await poller.poll())).toEqual([
			['userStatusChanged', '__proto__', 'online', 'away'],
		]);
		expect(({} as Record<string, unknown>).status).toBeUndefined();
	});

	it('n8n restarts after a poll that emitted nothing: every change since the last report comes once', async () => {
		const poller = new PollHarness(
			bed.engine,
			presenceTriggerNode({ events: ['userOnline'] }),
			bed.credentials,
		);
		await poller.poll();
		// An unselected change: the poll emits nothing, so n8n saves nothing.
		await bed.client.setUser(TOKYO, 1001, { status: 'away' });
		expect(await poller.poll()).toBeNull();
		poller.restart();
		await bed.client.setUser(TOKYO, 1004, { status: 'online' });
		expect(summary(await poller.poll())).toEqual([['userOnline', 1004, 'offline', 'online']]);
		poller.restart();
		expect(await poller.poll()).toBeNull();
	});

	it('n8n restarts right after the baseline: a change during the restart is reported once', async () => {
		const poller = new PollHarness(bed.engine, presenceTriggerNode(), bed.credentials);
		await poller.poll();
		poller.restart();
		await bed.client.setUser(TOKYO, 1006, { status: 'online' });
		expect(summary(await poller.poll())).toEqual([['userOnline', 1006, 'offline', 'online']]);
		expect(await poller.poll()).toBeNull();
	});
});

describe('ovice Presence Trigger: glitches, case, unselected changes and the IDs ovice sends', () => {
	const USERS_PATH = '/workspaces/workspace_users';
	const emptyOnce = () =>
		bed.client.addFault({ status: 200, body: [], path: USERS_PATH, times: 1 });

	it('one empty list where users were listed fails the poll and changes nothing; the next good read reports nothing', async () => {
		const poller = new PollHarness(bed.engine, presenceTriggerNode(), bed.credentials);
		await poller.poll();
		const before = JSON.stringify(poller.staticData);
		await emptyOnce();
		await expect(poller.poll()).rejects.toThrow(
			'ovice listed no users in workspace 101, where the last read listed 6',
		);
		expect(JSON.stringify(poller.staticData)).toBe(before);
		expect(await poller.poll()).toBeNull();
	});

	it('an empty list twice in a row is believed: everyone who was present is reported gone, once', async () => {
		const poller = new PollHarness(bed.engine, presenceTriggerNode(), bed.credentials);
		await poller.poll();
		await bed.client.addFault({ status: 200, body: [], path: USERS_PATH, times: 3 });
		await expect(poller.poll()).rejects.toThrow('ovice listed no users');
		// Written from the sandbox's seed: Aiko, Ben and Emi online, Chen away; Dana and Fumi offline.
		expect(summary(await poller.poll())).toEqual([
			['userOffline', 1001, 'online', null],
			['userOffline', 1002, 'online', null],
			['userOffline', 1003, 'away', null],
			['userOffline', 1005, 'online', null],
		]);
		expect(await poller.poll()).toBeNull();
	});

	it('a change of case alone is no change; the status is passed on as ovice sends it', async () => {
		const poller = new PollHarness(bed.engine, presenceTriggerNode(), bed.credentials);
		await poller.poll();
		await bed.client.setUser(TOKYO, 1001, { status: 'ONLINE' });
		expect(await poller.poll()).toBeNull();
		await bed.client.setUser(TOKYO, 1001, { status: 'Away' });
		expect(summary(await poller.poll())).toEqual([['userStatusChanged', 1001, 'ONLINE', 'Away']]);
		await bed.client.setUser(TOKYO, 1001, { status: 'OFFLINE' });
		expect(summary(await poller.poll())).toEqual([['userOffline', 1001, 'Away', 'OFFLINE']]);
	});

	it('with only User Online chosen, someone who goes offline and comes back between reports is reported', async () => {
		const poller = new PollHarness(
			bed.engine,
			presenceTriggerNode({ events: ['userOnline'] }),
			bed.credentials,
		);
		await poller.poll();
		await bed.client.setUser(TOKYO, 1001, { status: 'offline' });
		expect(await poller.poll()).toBeNull();
		await bed.client.setUser(TOKYO, 1001, { status: 'online' });
		expect(summary(await poller.poll())).toEqual([['userOnline', 1001, 'offline', 'online']]);
		expect(await poller.poll()).toBeNull();
	});

	it('what survives a restart is the last report: an unreported offline is not remembered across it', async () => {
		const poller = new PollHarness(
			bed.engine,
			presenceTriggerNode({ events: ['userOnline'] }),
			bed.credentials,
		);
		await poller.poll();
		await bed.client.setUser(TOKYO, 1001, { status: 'offline' });
		expect(await poller.poll()).toBeNull();
		poller.restart();
		await bed.client.setUser(TOKYO, 1001, { status: 'online' });
		// n8n saved Aiko as online (the baseline); the offline between was seen only by the old process.
		expect(await poller.poll()).toBeNull();
	});

	it('an ID ovice sends as text keeps its type, and Only These Users still matches the user when they leave', async () => {
		const bond = {
			id: '007',
			name: 'James Bond',
			email: 'james.bond@example.com',
			status: 'online',
		};
		const other = { id: 8, name: 'Other Person', email: 'other@example.com', status: 'online' };
		const poller = new PollHarness(
			bed.engine,
			presenceTriggerNode({ userFilter: 'james.bond@example.com' }),
			bed.credentials,
		);
		await bed.client.addFault({ status: 200, body: [bond, other], path: USERS_PATH, times: 1 });
		await poller.poll();
		await bed.client.addFault({
			status: 200,
			body: [{ ...bond, status: 'away' }, other],
			path: USERS_PATH,
			times: 1,
		});
		expect(summary(await poller.poll())).toEqual([['userStatusChanged', '007', 'online', 'away']]);
		await bed.client.addFault({ status: 200, body: [other], path: USERS_PATH, times: 1 });
		const left = await poller.poll();
		expect(summary(left)).toEqual([['userOffline', '007', 'away', null]]);
		expect(left![0].user).toEqual({
			id: '007',
			name: 'James Bond',
			email: 'james.bond@example.com',
		});
	});
});
