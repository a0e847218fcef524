import type { IncomingMessage } from 'node:http';

/** A request's body, refused once it passes `limit` bytes (the sandbox's, or n8n's webhook server's). */
export async function readBodyBytes(request: IncomingMessage, limit: number): Promise<Buffer> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of request) {
		size += (chunk as Buffer).length;
		if (size > limit) throw new Error(`body over ${limit} bytes`);
		chunks.push(chunk as Buffer);
	}
	return Buffer.concat(chunks);
}
