/**
 * Part 1: `--items` workspace notifications per run, each variant `--runs` times,
 * interleaved, and a raw undici loop (no n8n) as the floor.
 */
import { performance } from 'node:perf_hooks';
import { request } from 'undici';

import { SANDBOX_KEY, SANDBOX_ORGANIZATION_ID } from '../../sandbox/data';
import { SandboxClient } from '../../sandbox/client';
import type { LocalN8n } from '../../scripts/n8n/local';
import { execute, log, round, stats } from '../measure';
import type { ExecutionMeasure, Stats } from '../measure';
import type { BenchPart } from '../part';
import { benchWorkflow } from '../variants';
import type { VariantName } from '../variants';

async function rawUndiciLoop(local: LocalN8n, count: number): Promise<number> {
	const url = `${local.sandbox.url}/api/public/v1/${SANDBOX_ORGANIZATION_ID}/workspaces/notification`;
	const started = performance.now();
	for (let index = 0; index < count; index++) {
		const response = await request(url, {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				client_id: SANDBOX_KEY.clientId,
				client_secret: SANDBOX_KEY.clientSecret,
			},
			body: JSON.stringify({
				workspace_id: 101,
				auth: ['admin'],
				message: `bench ${index}`,
				service_name: 'n8n',
				service_logo_url: 'https://example.com/logo.png',
			}),
		});
		await response.body.text();
	}
	return performance.now() - started;
}

export const throughput: BenchPart = {
	number: '1',
	title: 'workspace notifications: the ovice node beside HTTP Request',
	usesSharedN8n: true,
	async run({ options, sharedN8n }) {
		const { runs, items } = options;
		const { local, targets } = await sharedN8n();
		const sandbox = new SandboxClient(local.sandbox.url);
		log(`${items} workspace notifications, ${runs} runs each (interleaved)`);
		const names = Object.keys(targets) as VariantName[];
		const ids = {} as Record<VariantName, string>;
		for (const name of names)
			ids[name] = (
				await local.api.createWorkflow(benchWorkflow(`bench ${name}`, items, targets[name]))
			).id;
		const measures = Object.fromEntries(names.map((name) => [name, []])) as unknown as Record<
			VariantName,
			ExecutionMeasure[]
		>;
		const raw: number[] = [];
		for (let run = 0; run < runs; run++) {
			for (const name of names) {
				await sandbox.reset();
				const measure = await execute(local, ids[name]);
				const delivered = (await sandbox.notifications()).length;
				if (measure.items !== items || measure.errors || delivered !== items)
					throw new Error(
						`${name}: ${measure.items} items, ${measure.errors} errors, ${delivered} delivered`,
					);
				measures[name].push(measure);
				log(
					`  run ${run + 1} ${name}: node ${round(measure.nodeMs)} ms, execution ${round(measure.wallMs)} ms`,
				);
			}
			await sandbox.reset();
			raw.push(await rawUndiciLoop(local, items));
			log(`  run ${run + 1} raw undici loop: ${round(raw[raw.length - 1])} ms`);
		}
		const variants: Record<string, { nodeMs: Stats; executionMs?: Stats }> = {};
		for (const name of names)
			variants[name] = {
				nodeMs: stats(measures[name].map((measure) => measure.nodeMs)),
				executionMs: stats(measures[name].map((measure) => measure.wallMs)),
			};
		variants['raw undici loop'] = { nodeMs: stats(raw) };
		const ratio = (baseline: VariantName) =>
			Math.round((variants['ovice node'].nodeMs.median / variants[baseline].nodeMs.median) * 100) /
			100;
		return {
			notifications: {
				items,
				variants,
				ratioOviceToHttpRequestWithCredential: ratio('HTTP Request + credential'),
				ratioOviceToHttpRequestWithTypedHeaders: ratio('HTTP Request + typed headers'),
			},
		};
	},
};
