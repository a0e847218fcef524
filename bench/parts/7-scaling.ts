/**
 * Part 7: `--scale-executions` ovice webhook POSTs (10 at a time), each starting one
 * execution that sends one group notification; the time from the first POST until the
 * sandbox holds them all, in the shared single-process n8n, then in queue mode (PostgreSQL,
 * Redis, a webhook process) with one worker and with two. Every run checks each arrived once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { SandboxClient } from '../../sandbox/client';
import type { N8nApi } from '../../scripts/n8n/rest-api';
import { activateWebhook, knockWorkflow } from '../../scripts/n8n/runs';
import { startQueueN8n } from '../../scripts/n8n/queue';
import { cpuSeconds, log, machineCpu, round, stats } from '../measure';
import type { Stats } from '../measure';
import type { BenchOptions, BenchPart } from '../part';

interface Burst {
	ms: Stats;
	/** per run: how busy the machine's cores were, and the CPU seconds of each n8n process */
	cpu: Array<{ machineBusyPercent: number; processSeconds: Record<string, number> }>;
}

interface BurstTarget {
	api: N8nApi;
	webhookBase: string;
	sandboxUrl: string;
	credential: { id: string; name: string };
	label: string;
	processes: () => Record<string, number>;
}

async function webhookBurst(target: BurstTarget, options: BenchOptions): Promise<Burst> {
	const { api, webhookBase, sandboxUrl, credential, label, processes } = target;
	const sandbox = new SandboxClient(sandboxUrl);
	const webhookId = 'a11ce0de-0000-4000-8000-000000000700';
	const { id, post } = await activateWebhook(
		api,
		webhookBase,
		webhookId,
		knockWorkflow(`bench scaling ${label}`, webhookId, credential),
	);
	const times: number[] = [];
	const cpu: Burst['cpu'] = [];
	try {
		for (let run = 0; run < options.scaleRuns; run++) {
			await sandbox.reset();
			const names = Array.from(
				{ length: options.scaleExecutions },
				(_, index) => `scale-${run}-${index}`,
			);
			const pids = { ...processes(), 'benchmark (load generator and sandbox)': process.pid };
			const cpuBefore = Object.fromEntries(
				Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid)]),
			);
			const machineBefore = machineCpu();
			const started = performance.now();
			for (let offset = 0; offset < names.length; offset += 10) {
				const answers = await Promise.all(
					names.slice(offset, offset + 10).map((name) => post({ event: 'knock', name })),
				);
				if (answers.some((answer) => answer.status !== 200))
					throw new Error(
						`${label}: a webhook POST was answered ${answers.map((answer) => answer.status).join(', ')}`,
					);
			}
			let delivered = 0;
			while (delivered < names.length && performance.now() - started < 900_000) {
				await new Promise((resolve) => setTimeout(resolve, 100));
				delivered = (await sandbox.notifications()).length;
			}
			const elapsed = performance.now() - started;
			const machineAfter = machineCpu();
			const processSeconds = Object.fromEntries(
				Object.entries(pids).map(([name, pid]) => [name, round(cpuSeconds(pid) - cpuBefore[name])]),
			);
			const busySeconds = (machineAfter.busy - machineBefore.busy) / 100;
			// What the listed processes did not use: PostgreSQL, Redis, n8n's task runners, the rest of the machine.
			processSeconds.other = round(
				busySeconds - Object.values(processSeconds).reduce((sum, seconds) => sum + seconds, 0),
			);
			cpu.push({
				machineBusyPercent: round(
					((machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total)) *
						100,
				),
				processSeconds,
			});
			// Anything sent twice would arrive after the last first delivery: wait, then count.
			await new Promise((resolve) => setTimeout(resolve, 2000));
			const messages = (await sandbox.notifications()).map((notification) => notification.message);
			if (messages.length !== names.length || new Set(messages).size !== names.length)
				throw new Error(
					`${label}: ${messages.length} notifications arrived, ${new Set(messages).size} distinct, ${names.length} expected`,
				);
			times.push(elapsed);
			log(
				`  ${label} run ${run + 1}: ${names.length} executions, all notifications in ${round(elapsed)} ms; CPU ${JSON.stringify(cpu[cpu.length - 1])}`,
			);
		}
	} finally {
		await api.deactivate(id);
	}
	return { ms: stats(times), cpu };
}

export const scaling: BenchPart = {
	number: '7',
	title: 'executions started by webhooks: one process, then queue mode with one and two workers',
	usesSharedN8n: true,
	async run({ options, sharedN8n, stopSharedN8n }) {
		log(`${options.scaleExecutions} executions started by webhooks, one notification each`);
		const { local } = await sharedN8n();
		const single = await webhookBurst(
			{
				api: local.api,
				webhookBase: local.server.url,
				sandboxUrl: local.sandbox.url,
				credential: local.credential,
				label: 'single process',
				processes: () => ({ 'n8n (single process)': local.server.process.pid! }),
			},
			options,
		);
		// Queue mode gets the machine to itself.
		await stopSharedN8n();
		log('the same in queue mode (PostgreSQL, Redis, a webhook process), one worker, then two');
		const folder = mkdtempSync(join(tmpdir(), 'ovice-bench-queue-'));
		const queue = await startQueueN8n({
			folder,
			workers: 1,
			port: 5780,
			sandboxPort: 4090,
			log: () => undefined,
		});
		try {
			const inQueue = (label: string): BurstTarget => ({
				api: queue.api,
				webhookBase: queue.webhook.url,
				sandboxUrl: queue.sandbox.url,
				credential: queue.credential,
				label,
				processes: () => ({
					'n8n main': queue.main.process.pid!,
					'n8n webhook process': queue.webhook.process.pid!,
					...Object.fromEntries(
						queue.workers.map((worker, index) => [`n8n worker ${index + 1}`, worker.process.pid!]),
					),
				}),
			});
			const oneWorker = await webhookBurst(inQueue('queue mode, 1 worker'), options);
			await queue.addWorker();
			const twoWorkers = await webhookBurst(inQueue('queue mode, 2 workers'), options);
			return {
				scaling: {
					executions: options.scaleExecutions,
					measure:
						'webhook POSTs (10 at a time) until every notification reached the sandbox; one notification per execution',
					'single process (regular mode)': single,
					'queue mode, 1 worker': oneWorker,
					'queue mode, 2 workers': twoWorkers,
				},
			};
		} finally {
			await queue.stop();
			rmSync(folder, { recursive: true, force: true });
		}
	},
};
