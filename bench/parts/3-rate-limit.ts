/**
 * Part 3: `--rate-items` notifications with the sandbox limited to `--rate` requests/s, as
 * ovice limits a key: at the defaults (ovice's 429s pace the key), two executions at once,
 * and with the credential's own ceiling at the same rate.
 */
import { SandboxClient } from '../../sandbox/client';
import { sandboxCredentialData } from '../../scripts/n8n/local';
import { execute, log, round } from '../measure';
import type { BenchPart } from '../part';
import { benchWorkflow } from '../variants';

export const rateLimit: BenchPart = {
	number: '3',
	title: "ovice's rate limit",
	usesSharedN8n: true,
	async run({ options, sharedN8n }) {
		const { rate, rateItems } = options;
		const { local, targets } = await sharedN8n();
		const sandbox = new SandboxClient(local.sandbox.url);
		log(`${rateItems} notifications with the sandbox limited to ${rate} requests/s`);
		const measured: Record<string, unknown> = {};
		for (const [name, perSecond, executions] of [
			['defaults: ovice paces the key', 0, 1],
			['defaults, two executions at once', 0, 2],
			[`max ${rate}/s in the credential`, rate, 1],
		] as const) {
			// What the process learned of the limit goes after a minute without a 429.
			if (Object.keys(measured).length) await new Promise((resolve) => setTimeout(resolve, 61_000));
			await local.api.ensureCredential(
				local.credential.name,
				'oviceApi',
				sandboxCredentialData(local.sandbox.url, { maxRequestsPerSecond: perSecond }),
			);
			const id = (
				await local.api.createWorkflow(
					benchWorkflow(`bench rate ${name}`, rateItems, targets['ovice node']),
				)
			).id;
			await sandbox.reset();
			await sandbox.limitRate(rate);
			const measures = await Promise.all(
				Array.from({ length: executions }, () => execute(local, id)),
			);
			const notifications = (await sandbox.notifications()).map((n) => n.message);
			const requests = (await sandbox.requests()).filter((r) => r.method === 'POST');
			const times = requests.map((r) => Date.parse(r.at));
			const counts = new Map<string, number>();
			for (const message of notifications) counts.set(message, (counts.get(message) ?? 0) + 1);
			const wanted = rateItems * executions;
			measured[name] = {
				executions,
				completionMs: round(Math.max(...measures.map((m) => m.nodeMs))),
				firstToLastRequestMs: round(Math.max(...times) - Math.min(...times)),
				idealMs: round(((wanted - 1) / rate) * 1000),
				requests: requests.length,
				requestsPerNotification: Math.round((requests.length / wanted) * 100) / 100,
				refused429: requests.filter((r) => r.status === 429).length,
				delivered: notifications.length,
				// each execution sends the same texts: each text should arrive once per execution
				deliveredTwice: [...counts.values()].filter((count) => count > executions).length,
				itemErrors: measures.reduce((sum, m) => sum + m.errors, 0),
			};
			log(`  ${name}: ${JSON.stringify(measured[name])}`);
		}
		// The shared credential goes back to no ceiling for the parts after this one.
		await local.api.ensureCredential(
			local.credential.name,
			'oviceApi',
			sandboxCredentialData(local.sandbox.url),
		);
		return { rateLimited: { items: rateItems, perSecond: rate, variants: measured } };
	},
};
