/**
 * Part 4: the Presence Trigger's poll on a `--presence-users` workspace, through n8n's
 * engine in this process; 4b: every user leaving the list at once, the diff alone.
 */
import { performance } from 'node:perf_hooks';

import { details, diffPresence, snapshot } from '../../nodes/OvicePresenceTrigger/presence';
import { SandboxClient } from '../../sandbox/client';
import { KEEP_FOR_TESTS, startSandbox } from '../../sandbox/server';
import { Engine } from '../../test/harness/engine';
import { PollHarness } from '../../test/harness/triggers';
import { byId, presenceTriggerNode } from '../../test/harness/workflows';
import { sandboxCredentialData } from '../../scripts/n8n/local';
import { log, round, stats } from '../measure';
import type { BenchPart } from '../part';

async function presenceDiff(users: number, runs: number) {
	const sandbox = await startSandbox({ keep: KEEP_FOR_TESTS });
	const client = new SandboxClient(sandbox.url);
	await client.generateWorkspace(900, users);
	const engine = await Engine.load();
	const node = presenceTriggerNode({ workspaceId: byId('900') });
	const poller = new PollHarness(engine, node, { oviceApi: sandboxCredentialData(sandbox.url) });
	await poller.poll();
	const times: number[] = [];
	for (let run = 0; run < runs; run++) {
		await client.setUser(900, 100000 + run * 7, { status: run % 2 ? 'away' : 'online' });
		const started = performance.now();
		await poller.poll();
		times.push(performance.now() - started);
	}
	const staticDataBytes = Buffer.byteLength(JSON.stringify(poller.staticData));
	await sandbox.close();
	Engine.shutdown();
	// A third of the generated users are online (sandbox/data.ts: generatedWorkspace).
	return {
		users,
		pollMs: stats(times),
		staticDataBytes,
		bytesPerUser: round(staticDataBytes / users),
	};
}

/** Every user of a workspace leaves the list at once: the time to describe each departure. */
function presenceDepartures(users: number, runs: number) {
	const listed = Array.from({ length: users }, (_, index) => ({
		id: 100_000 + index,
		name: `User ${index}`,
		email: `user${index}@example.com`,
		status: 'online',
	}));
	const before = snapshot(listed);
	const kept = details(listed);
	const times: number[] = [];
	let events = 0;
	for (let run = 0; run < runs; run++) {
		const started = performance.now();
		events = diffPresence(before, [], kept).length;
		times.push(performance.now() - started);
	}
	return { users, events, diffMs: stats(times) };
}

export const presence: BenchPart = {
	number: '4',
	title: 'presence: a poll of a large workspace, and everyone leaving at once',
	usesSharedN8n: false,
	async run({ options }) {
		const { presenceUsers, runs } = options;
		log(`presence diff for a ${presenceUsers}-user workspace`);
		const figures = await presenceDiff(presenceUsers, runs);
		log(`  ${JSON.stringify(figures)}`);
		log('4b) every user leaves the list at once: the diff alone, 10,000 and 20,000 users');
		const departures = [10_000, 20_000].map((users) => presenceDepartures(users, runs));
		log(`  ${JSON.stringify(departures)}`);
		return { presence: figures, presenceDepartures: departures };
	},
};
