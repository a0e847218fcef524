/**
 * Every process the launcher starts (npm installs, node-gyp, n8n), so that a signal at
 * any moment — during an install, while n8n boots, or once it runs — ends all of them.
 * Each runs in its own process group, so its own children (n8n's task runner, npm's
 * scripts) end with it.
 */
import type { ChildProcess } from 'node:child_process';

const running = new Set<ChildProcess>();

export function track(child: ChildProcess): ChildProcess {
	running.add(child);
	child.once('exit', () => running.delete(child));
	return child;
}

/** Signals the child's whole process group (its own children too), if it still runs. */
export function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		child.kill(signal);
	}
}

/** SIGTERM to every tracked process group, SIGKILL to those still there after `graceMs`. */
export async function stopAll(graceMs = 10_000): Promise<void> {
	const children = [...running];
	const exits = children.map(
		(child) =>
			new Promise<void>((resolve) =>
				child.exitCode !== null || child.signalCode !== null
					? resolve()
					: child.once('exit', () => resolve()),
			),
	);
	for (const child of children) signalGroup(child, 'SIGTERM');
	const timer = setTimeout(
		() => children.forEach((child) => signalGroup(child, 'SIGKILL')),
		graceMs,
	);
	await Promise.all(exits);
	clearTimeout(timer);
}
