/**
 * npm run bench:gateway
 *
 * Measures what the gateway adds on top of a provider, on loopback, in one run:
 *   A. added p50/p90/p99 latency at concurrency 1 (direct and gateway requests interleaved in
 *      random order, 7 rounds x 50, 20 warm-up requests discarded), at microsecond resolution;
 *   B. the gateway/direct throughput ratio at concurrency 64 with a 20 ms upstream (closed
 *      loop, alternating 3 s segments so that machine noise hits both sides alike);
 *   D. added time to first token p50/p99 for streams (c=1, interleaved), and frames lost
 *      across 200 concurrent streams;
 *   E. RSS at idle, during and after a soak (default 5 minutes; BENCH_SOAK_SECONDS to change).
 * The Portkey gateway (npm @portkey-ai/gateway) goes through the same phases against the same
 * mock, started by this script; if it cannot start, the output says why.
 *
 * Three kinds of process: the mock upstream (this file with --role=mock) and the gateway
 * (bench/gateway-server.mjs: the compiled app from dist/, built first unless BENCH_NO_BUILD=1)
 * each run in a child process of their own; this process is the load client.
 * Environment: BENCH_SOAK_SECONDS (default 300), BENCH_THROUGHPUT_SECONDS (per target, default
 * 12), BENCH_SKIP_PORTKEY=1, BENCH_DATABASE_URL (server PostgreSQL instead of PGlite),
 * BENCH_PIN=0 (do not pin cores).
 *
 * Cores are pinned when the machine has two or more and taskset exists: the gateway under test
 * (ours, then Portkey's) on core 0, the mock and this load client on core 1. Unpinned, the
 * gateway competes with the client and the mock for the same cores, and the throughput ratio
 * measures the scheduler as much as the gateway.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { Pool } from 'undici';

const BENCH_FILE = import.meta.filename;
const ROOT = path.resolve(import.meta.dirname, '..');
const MODEL = 'bench/chat';
const STREAM_DELTAS = 64;
/** role chunk + 64 deltas + finish chunk + usage chunk + [DONE] */
const FRAMES_PER_STREAM = STREAM_DELTAS + 4;

const PIN_CORES = process.env.BENCH_PIN !== '0' && os.availableParallelism() >= 2 && hasTaskset();
const GATEWAY_CORE = 0;
const LOAD_CORE = 1;

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The command line that runs `args` with node, on `core` when pinning. */
function nodeCommand(args: string[], core: number): [string, string[]] {
  return PIN_CORES ? ['taskset', ['-c', String(core), process.execPath, ...args]] : [process.execPath, args];
}

const TARGETS = { addedP50Ms: 0.5, addedP99Ms: 2, throughputRatio: 0.95, addedTtftP50Ms: 1, framesLost: 0, idleRssMb: 150 };


// ---------------------------------------------------------------------------------------------
// The mock upstream: an OpenAI-compatible chat endpoint. The body's mock_delay_ms delays a JSON
// answer; a stream sends a role chunk, 64 deltas mock_gap_ms apart (with a `: ping` comment
// halfway), a finish chunk, a usage chunk and [DONE].

async function runMock(): Promise<void> {
  const completion = JSON.stringify({
    id: 'chatcmpl-bench',
    object: 'chat.completion',
    created: 1700000000,
    model: 'mock',
    choices: [{ index: 0, message: { role: 'assistant', content: 'x'.repeat(700), refusal: null }, logprobs: null, finish_reason: 'stop' }],
    usage: { prompt_tokens: 9, completion_tokens: 120, total_tokens: 129 },
  });
  const chunk = (delta: string, finish: string | null = null) =>
    `data: {"id":"c","object":"chat.completion.chunk","created":1700000000,"model":"mock","choices":[{"index":0,"delta":${delta},"finish_reason":${finish ? `"${finish}"` : 'null'}}]}\n\n`;
  const roleFrame = chunk('{"role":"assistant","content":""}');
  const deltaFrame = chunk('{"content":"tok"}');
  const finishFrame = chunk('{}', 'stop');
  const usageFrame = 'data: {"id":"c","object":"chat.completion.chunk","created":1700000000,"model":"mock","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":64,"total_tokens":73}}\n\n';

  const stream = async (response: ServerResponse, gapMs: number) => {
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    response.write(roleFrame);
    for (let i = 0; i < STREAM_DELTAS && !response.destroyed; i++) {
      if (i > 0 && gapMs > 0) await delay(gapMs);
      response.write(i === STREAM_DELTAS / 2 ? `: ping\n\n${deltaFrame}` : deltaFrame);
    }
    response.end(finishFrame + usageFrame + 'data: [DONE]\n\n');
  };

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (data: Buffer) => chunks.push(data));
    request.on('end', () => {
      let body: { stream?: boolean; mock_delay_ms?: number; mock_gap_ms?: number } = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
      } catch {
        // An empty or broken body gets the default answer.
      }
      if (body.stream) return void stream(response, body.mock_gap_ms ?? 20);
      const send = () => {
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(completion) });
        response.end(completion);
      };
      if (body.mock_delay_ms) setTimeout(send, body.mock_delay_ms);
      else send();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
}

// ---------------------------------------------------------------------------------------------
// The load client and the report.

interface Target {
  name: 'direct' | 'switchboard' | 'portkey' | 'bare';
  origin: string;
  path: string;
  headers: Record<string, string>;
  pool: Pool;
  pid: number | undefined;
  /** The process's own last error line, to say why something failed. */
  lastErrorLine?: () => string | undefined;
}

async function runBenchmark(): Promise<void> {
  const soakSeconds = Number(process.env.BENCH_SOAK_SECONDS ?? 300);
  const throughputSeconds = Number(process.env.BENCH_THROUGHPUT_SECONDS ?? 12);
  const children: ChildProcess[] = [];
  const cleanup = () => children.forEach((child) => child.kill('SIGTERM'));
  process.once('exit', cleanup);

  // taskset execs node in place, so each child's pid (for RSS) is node's own.
  if (PIN_CORES) execFileSync('taskset', ['-p', '-c', String(LOAD_CORE), String(process.pid)], { stdio: 'ignore' });
  const mock = await startChild(['--role=mock'], {}, children, { core: LOAD_CORE });
  const mockUrl = `http://127.0.0.1:${mock.info.port}`;
  if (process.env.BENCH_NO_BUILD !== '1') {
    // The gateway runs compiled, as in production; the tsx loader would add its own thread and heap to RSS.
    try {
      execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
    } catch {
      // tsc still emits on type errors elsewhere in the tree; say so and measure what was emitted.
      process.stderr.write('warning: npm run build reported errors; measuring the emitted dist/\n');
    }
  }
  const gateway = await startChild([], { MOCK_URL: mockUrl }, children, { entry: path.join(ROOT, 'bench', 'gateway-server.mjs'), core: GATEWAY_CORE });
  const gatewayOrigin = `http://127.0.0.1:${gateway.info.port}`;

  const pool = (origin: string) => new Pool(origin, { connections: 256, pipelining: 1, keepAliveTimeout: 60_000 });
  const direct: Target = { name: 'direct', origin: mockUrl, path: '/v1/chat/completions', headers: { authorization: 'Bearer sk-mock' }, pool: pool(mockUrl), pid: mock.child.pid };
  const ours: Target = {
    name: 'switchboard',
    origin: gatewayOrigin,
    path: '/v1/chat/completions',
    headers: { authorization: `Bearer ${gateway.info.key as string}` },
    pool: pool(gatewayOrigin),
    pid: gateway.child.pid,
  };
  const bare: Target | undefined =
    process.env.BENCH_BARE === '1'
      ? { name: 'bare' as Target['name'], origin: gatewayOrigin, path: '/bare/chat/completions', headers: {}, pool: pool(gatewayOrigin), pid: gateway.child.pid }
      : undefined;
  const portkey = process.env.BENCH_SKIP_PORTKEY === '1' ? { reason: 'skipped (BENCH_SKIP_PORTKEY=1)' } : await startPortkey(mockUrl, children);
  const peer: Target | undefined = 'target' in portkey ? portkey.target : undefined;
  const targets = [direct, ours, ...(bare ? [bare] : []), ...(peer ? [peer] : [])];

  // Warm every path (JIT, connections) before anything is measured, then take idle RSS.
  for (const target of targets) for (let i = 0; i < 300; i++) await timeJson(target, 0);
  await delay(2_000);
  const idleRss = { switchboard: rssMb(ours.pid), portkey: peer ? rssMb(peer.pid) : undefined };

  process.stderr.write('phase A: sequential latency\n');
  const phaseA = await sequentialLatency(targets);
  process.stderr.write('phase B: throughput at c=64, 20 ms upstream\n');
  const phaseB = await throughput(targets, 64, 20, throughputSeconds);
  process.stderr.write('phase D: streams\n');
  const streamFailures = await probeStreams(targets);
  const streaming = targets.filter((target) => !streamFailures.has(target.name));
  const ttft = await streamTtft(streaming);
  const lost = await concurrentStreams(streaming, 200);
  process.stderr.write(`phase E: soak ${soakSeconds}s\n`);
  const soakOurs = await soak(ours, soakSeconds, true);
  const soakPeer = peer ? await soak(peer, soakSeconds, !streamFailures.has(peer.name)) : undefined;

  const report = {
    machine: machineInfo(),
    portkey: 'reason' in portkey ? portkey.reason : 'started',
    streamFailures: Object.fromEntries(streamFailures),
    phaseA,
    phaseB,
    ttft,
    framesLost: lost,
    rss: { idle: idleRss, soakSeconds, switchboard: soakOurs, portkey: soakPeer },
  };
  printReport(report, peer !== undefined);
  process.stdout.write(`\n${JSON.stringify(report, null, 2)}\n`);
  for (const target of targets) await target.pool.close();
  cleanup();
  process.exit(0);
}

async function startChild(args: string[], env: Record<string, string>, children: ChildProcess[], options: { entry?: string; core: number }) {
  const [executable, command] = nodeCommand(options.entry ? [options.entry, ...args] : ['--import', 'tsx', BENCH_FILE, ...args], options.core);
  const child = spawn(executable, command, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const line = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    child.stdout!.on('data', (data: Buffer) => {
      buffered += data.toString('utf8');
      const newline = buffered.indexOf('\n');
      if (newline !== -1) resolve(buffered.slice(0, newline));
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code} before it was ready`)));
  });
  return { child, info: JSON.parse(line) as Record<string, unknown> };
}

/** Starts Portkey's Node server on a free port; resolves to a target, or to why it could not run. */
async function startPortkey(mockUrl: string, children: ChildProcess[]): Promise<{ target: Target } | { reason: string }> {
  let entry: string;
  try {
    entry = path.join(path.dirname(requireResolve('@portkey-ai/gateway/package.json')), 'build', 'start-server.js');
  } catch (error) {
    return { reason: `not installed: ${(error as Error).message}` };
  }
  const port = await freePort();
  const [executable, command] = nodeCommand([entry, `--port=${port}`, '--headless'], GATEWAY_CORE);
  const child = spawn(executable, command, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (data: Buffer) => (output = (output + data.toString('utf8')).slice(-2000)));
  child.stderr!.on('data', (data: Buffer) => (output = (output + data.toString('utf8')).slice(-2000)));
  const target: Target = {
    name: 'portkey',
    origin: `http://127.0.0.1:${port}`,
    path: '/v1/chat/completions',
    // The mock speaks OpenAI's format; Portkey reaches it as provider "openai" at a custom host.
    headers: { authorization: 'Bearer sk-mock', 'x-portkey-provider': 'openai', 'x-portkey-custom-host': `${mockUrl}/v1` },
    pool: new Pool(`http://127.0.0.1:${port}`, { connections: 256, pipelining: 1, keepAliveTimeout: 60_000 }),
    pid: child.pid,
    lastErrorLine: () => output.split('\n').reverse().find((line) => /Error/.test(line))?.trim(),
  };
  const deadline = Date.now() + 30_000;
  let lastError = '';
  while (Date.now() < deadline) {
    if (child.exitCode !== null) return { reason: `exited with code ${child.exitCode}: ${output.trim().slice(-500)}` };
    try {
      const response = await requestJson(target, { model: 'mock', messages: [{ role: 'user', content: 'hi' }] });
      if (response.status === 200) return { target };
      lastError = `HTTP ${response.status}: ${response.body.slice(0, 300)}`;
    } catch (error) {
      lastError = (error as Error).message;
    }
    await delay(250);
  }
  child.kill('SIGTERM');
  return { reason: `did not answer a chat completion within 30 s (${lastError}); output: ${output.trim().slice(-300)}` };
}

function requireResolve(specifier: string): string {
  return (import.meta as unknown as { resolve: (value: string) => string }).resolve(specifier).replace(/^file:\/\//, '');
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function requestJson(target: Target, body: Record<string, unknown>): Promise<{ status: number; body: string }> {
  const response = await target.pool.request({
    path: target.path,
    method: 'POST',
    headers: { ...target.headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.statusCode, body: await response.body.text() };
}

const chatBody = (delayMs: number) => JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'Say something.' }], mock_delay_ms: delayMs });
const bodies = new Map<number, string>();
const bodyFor = (target: Target, delayMs: number) => {
  // Direct and Portkey get the mock's own model name; the gateway gets the catalog's.
  const key = delayMs * 10 + (target.name === 'switchboard' ? 1 : 0);
  let body = bodies.get(key);
  if (!body) {
    body = target.name === 'switchboard' ? chatBody(delayMs) : chatBody(delayMs).replace(MODEL, 'mock');
    bodies.set(key, body);
  }
  return body;
};

/** One JSON request, timed from send to the last body byte, in milliseconds. */
async function timeJson(target: Target, delayMs: number): Promise<number> {
  const started = performance.now();
  const response = await target.pool.request({
    path: target.path,
    method: 'POST',
    headers: { ...target.headers, 'content-type': 'application/json' },
    body: bodyFor(target, delayMs),
  });
  await response.body.dump({ limit: Infinity });
  if (response.statusCode !== 200) throw new Error(`${target.name} answered ${response.statusCode}`);
  return performance.now() - started;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const sortNumbers = (values: number[]) => [...values].sort((a, b) => a - b);
const median = (values: number[]) => percentile(sortNumbers(values), 50);

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

async function sequentialLatency(targets: Target[]) {
  const all = new Map<string, number[]>(targets.map((target) => [target.name, []]));
  const roundP50 = new Map<string, number[]>(targets.map((target) => [target.name, []]));
  for (let i = 0; i < 20; i++) for (const target of targets) await timeJson(target, 0);
  for (let round = 0; round < 7; round++) {
    const order = shuffle(targets.flatMap((target) => Array.from({ length: 50 }, () => target)));
    const samples = new Map<string, number[]>(targets.map((target) => [target.name, []]));
    for (const target of order) samples.get(target.name)!.push(await timeJson(target, 0));
    for (const target of targets) {
      all.get(target.name)!.push(...samples.get(target.name)!);
      roundP50.get(target.name)!.push(median(samples.get(target.name)!));
    }
  }
  const stats = (name: string) => {
    const sorted = sortNumbers(all.get(name)!);
    return { p50: percentile(sorted, 50), p90: percentile(sorted, 90), p99: percentile(sorted, 99) };
  };
  const directStats = stats('direct');
  const result: Record<string, unknown> = { direct: directStats };
  for (const target of targets.filter((entry) => entry.name !== 'direct')) {
    const own = stats(target.name);
    const addedPerRound = roundP50.get(target.name)!.map((value, index) => value - roundP50.get('direct')![index]!);
    const sortedRounds = sortNumbers(addedPerRound);
    result[target.name] = {
      ...own,
      added: { p50: own.p50 - directStats.p50, p90: own.p90 - directStats.p90, p99: own.p99 - directStats.p99 },
      addedP50MedianOfRounds: median(addedPerRound),
      addedP50Iqr: [percentile(sortedRounds, 25), percentile(sortedRounds, 75)],
    };
  }
  return result as { direct: { p50: number; p90: number; p99: number } } & Record<string, { p50: number; p99: number; added: { p50: number; p90: number; p99: number }; addedP50MedianOfRounds: number; addedP50Iqr: number[] }>;
}

/** Closed loop: `concurrency` workers each send the next request as soon as one completes. */
async function closedLoop(target: Target, concurrency: number, delayMs: number, durationMs: number) {
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + durationMs;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        try {
          latencies.push(await timeJson(target, delayMs));
        } catch {
          errors++;
        }
      }
    }),
  );
  return { completed: latencies.length, errors, seconds: (performance.now() - started) / 1000, latencies };
}

async function throughput(targets: Target[], concurrency: number, delayMs: number, secondsPerTarget: number) {
  const segmentMs = 3_000;
  const segments = Math.max(1, Math.round((secondsPerTarget * 1000) / segmentMs));
  const totals = new Map<string, { completed: number; errors: number; seconds: number; latencies: number[] }>(
    targets.map((target) => [target.name, { completed: 0, errors: 0, seconds: 0, latencies: [] }]),
  );
  for (const target of targets) await closedLoop(target, concurrency, delayMs, 500);
  for (let segment = 0; segment < segments; segment++) {
    const order = segment % 2 === 0 ? targets : [...targets].reverse();
    for (const target of order) {
      const run = await closedLoop(target, concurrency, delayMs, segmentMs);
      const total = totals.get(target.name)!;
      total.completed += run.completed;
      total.errors += run.errors;
      total.seconds += run.seconds;
      total.latencies.push(...run.latencies);
    }
  }
  const summary = (name: string) => {
    const total = totals.get(name)!;
    const sorted = sortNumbers(total.latencies);
    return { rps: total.completed / total.seconds, errors: total.errors, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
  };
  const directSummary = summary('direct');
  const result: Record<string, unknown> = { concurrency, upstreamDelayMs: delayMs, direct: directSummary };
  for (const target of targets.filter((entry) => entry.name !== 'direct')) {
    const own = summary(target.name);
    result[target.name] = { ...own, rpsRatio: own.rps / directSummary.rps, p99Ratio: own.p99 / directSummary.p99 };
  }
  return result as Record<string, { rps: number; errors: number; p50: number; p99: number; rpsRatio?: number; p99Ratio?: number }>;
}

/** One stream: time to the first content delta, and how many data frames arrived. */
async function timeStream(target: Target, gapMs: number): Promise<{ ttftMs: number; frames: number }> {
  const started = performance.now();
  const body = JSON.stringify({ model: target.name === 'switchboard' ? MODEL : 'mock', messages: [{ role: 'user', content: 'Stream.' }], stream: true, mock_gap_ms: gapMs });
  const response = await target.pool.request({ path: target.path, method: 'POST', headers: { ...target.headers, 'content-type': 'application/json' }, body });
  if (response.statusCode !== 200) throw new Error(`${target.name} stream answered ${response.statusCode}: ${await response.body.text()}`);
  let ttftMs = Number.NaN;
  let text = '';
  for await (const chunk of response.body) {
    const piece = (chunk as Buffer).toString('utf8');
    text += piece;
    if (Number.isNaN(ttftMs) && text.includes('"content":"tok')) ttftMs = performance.now() - started;
  }
  const frames = text.split('\n').filter((line) => line.startsWith('data:')).length;
  return { ttftMs, frames };
}

/**
 * Which targets cannot stream at all, and why: the first streams are tried once, so a peer
 * that fails every stream is reported instead of aborting the whole run.
 */
async function probeStreams(targets: Target[]): Promise<Map<string, string>> {
  const unavailable = new Map<string, string>();
  for (const target of targets) {
    if (target.name === 'bare') {
      unavailable.set(target.name, 'the bare reference buffers whole answers; it is only a latency floor');
      continue;
    }
    try {
      for (let i = 0; i < 5; i++) await timeStream(target, 1);
    } catch (error) {
      const ownError = target.lastErrorLine?.();
      unavailable.set(target.name, `${(error as Error).message}${ownError ? `; its log: ${ownError}` : ''}`);
    }
  }
  return unavailable;
}

async function streamTtft(targets: Target[]) {
  const samples = new Map<string, number[]>(targets.map((target) => [target.name, []]));
  const order = shuffle(targets.flatMap((target) => Array.from({ length: 60 }, () => target)));
  for (const target of order) samples.get(target.name)!.push((await timeStream(target, 1)).ttftMs);
  const stats = (name: string) => {
    const sorted = sortNumbers(samples.get(name)!);
    return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
  };
  const directStats = stats('direct');
  const result: Record<string, unknown> = { direct: directStats };
  for (const target of targets.filter((entry) => entry.name !== 'direct')) {
    const own = stats(target.name);
    result[target.name] = { ...own, added: { p50: own.p50 - directStats.p50, p99: own.p99 - directStats.p99 } };
  }
  return result as Record<string, { p50: number; p99: number; added?: { p50: number; p99: number } }>;
}

async function concurrentStreams(targets: Target[], count: number) {
  const result: Record<string, { streams: number; framesExpected: number; framesReceived: number; framesLost: number; failedStreams: number }> = {};
  for (const target of targets) {
    const outcomes = await Promise.allSettled(Array.from({ length: count }, () => timeStream(target, 20)));
    const received = outcomes.reduce((sum, outcome) => sum + (outcome.status === 'fulfilled' ? outcome.value.frames : 0), 0);
    result[target.name] = {
      streams: count,
      framesExpected: count * FRAMES_PER_STREAM,
      framesReceived: received,
      framesLost: count * FRAMES_PER_STREAM - received,
      failedStreams: outcomes.filter((outcome) => outcome.status === 'rejected').length,
    };
  }
  return result;
}

function rssMb(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

/** Mixed load (16 JSON workers at 20 ms, 8 stream workers) for `seconds`, sampling RSS every second. */
async function soak(target: Target, seconds: number, withStreams: boolean) {
  const before = rssMb(target.pid);
  const samples: number[] = [];
  let isRunning = true;
  let requests = 0;
  let errors = 0;
  const sampler = (async () => {
    while (isRunning) {
      await delay(1_000);
      samples.push(rssMb(target.pid));
    }
  })();
  const deadline = performance.now() + seconds * 1000;
  const worker = async (work: () => Promise<unknown>) => {
    while (performance.now() < deadline) {
      try {
        await work();
        requests++;
      } catch {
        errors++;
      }
    }
  };
  await Promise.all([
    ...Array.from({ length: 16 }, () => worker(() => timeJson(target, 20))),
    ...(withStreams ? Array.from({ length: 8 }, () => worker(() => timeStream(target, 5))) : []),
  ]);
  isRunning = false;
  await sampler;
  await delay(5_000);
  const after = rssMb(target.pid);
  // Growth over the second half of the soak, after the heap has settled.
  const half = samples.slice(Math.floor(samples.length / 2));
  const slopePerMinute = linearSlope(half) * 60;
  return { before, peak: Math.max(...samples), after, growthMbPerMinute: slopePerMinute, requests, errors };
}

function linearSlope(values: number[]): number {
  if (values.length < 2) return 0;
  const n = values.length;
  const meanX = (n - 1) / 2;
  const meanY = values.reduce((sum, value) => sum + value, 0) / n;
  let numerator = 0;
  let denominator = 0;
  values.forEach((value, index) => {
    numerator += (index - meanX) * (value - meanY);
    denominator += (index - meanX) ** 2;
  });
  return numerator / denominator;
}

function machineInfo() {
  const git = (args: string[]) => {
    try {
      return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
    } catch {
      return 'unknown';
    }
  };
  return {
    // os.cpus(), not availableParallelism(): this process is pinned to one core by now.
    nproc: os.cpus().length,
    pinnedCores: PIN_CORES ? { gateway: GATEWAY_CORE, mockAndClient: LOAD_CORE } : 'no',
    cpu: os.cpus()[0]?.model ?? 'unknown',
    kernel: os.release(),
    node: process.version,
    commit: git(['rev-parse', '--short', 'HEAD']),
    isDirty: git(['status', '--porcelain', '--', 'src', 'bench']) !== '',
  };
}

// The report is assembled in runBenchmark and only read here; typing every nested figure twice would add nothing.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function printReport(report: Record<string, any>, hasPeer: boolean): void {
  const us = (ms: number) => `${(ms * 1000).toFixed(0)} µs`;
  const ms = (value: number) => `${value.toFixed(3)} ms`;
  const verdict = (isMet: boolean) => (isMet ? 'met' : 'MISSED');
  const names = ['switchboard', ...(report.phaseA.bare ? ['bare'] : []), ...(hasPeer ? ['portkey'] : [])];
  const m = report.machine;
  const lines: string[] = [];
  lines.push(`bench:gateway  ${m.nproc} cores  ${m.cpu}  Linux ${m.kernel}  Node ${m.node}  commit ${m.commit}${m.isDirty ? "+dirty" : ""}  ${m.pinnedCores === "no" ? "unpinned" : "pinned: gateway on core 0, mock and client on core 1"}`);
  lines.push(`Portkey: ${report.portkey}`);
  for (const [name, reason] of Object.entries(report.streamFailures)) lines.push(`   ${name} cannot stream here: ${String(reason)}`);
  lines.push('');
  lines.push('A. sequential latency, c=1, 7 x 50 interleaved (added = target - direct)');
  lines.push(`   direct        p50 ${ms(report.phaseA.direct.p50)}  p90 ${ms(report.phaseA.direct.p90)}  p99 ${ms(report.phaseA.direct.p99)}`);
  for (const name of names) {
    const a = report.phaseA[name];
    lines.push(
      `   ${name.padEnd(12)}  p50 ${ms(a.p50)}  p99 ${ms(a.p99)}   added p50 ${us(a.added.p50)}  p90 ${us(a.added.p90)}  p99 ${us(a.added.p99)}   median of rounds ${us(a.addedP50MedianOfRounds)} (IQR ${us(a.addedP50Iqr[0])}..${us(a.addedP50Iqr[1])})`,
    );
  }
  const b = report.phaseB;
  lines.push('');
  lines.push(`B. throughput, c=${b.concurrency}, ${b.upstreamDelayMs} ms upstream, closed loop`);
  lines.push(`   direct        ${b.direct.rps.toFixed(0)} req/s  p50 ${ms(b.direct.p50)}  p99 ${ms(b.direct.p99)}  errors ${b.direct.errors}`);
  for (const name of names) {
    const t = b[name];
    lines.push(`   ${name.padEnd(12)}  ${t.rps.toFixed(0)} req/s  ratio ${t.rpsRatio.toFixed(3)}  p50 ${ms(t.p50)}  p99 ${ms(t.p99)} (p99 ratio ${t.p99Ratio.toFixed(2)})  errors ${t.errors}`);
  }
  lines.push('');
  lines.push('D. streams: time to first token, c=1, 60 interleaved; frames across 200 concurrent streams');
  lines.push(`   direct        TTFT p50 ${ms(report.ttft.direct.p50)}  p99 ${ms(report.ttft.direct.p99)}   frames lost ${report.framesLost.direct.framesLost}`);
  for (const name of names) {
    const t = report.ttft[name];
    const f = report.framesLost[name];
    if (!t || !f) {
      lines.push(`   ${name.padEnd(12)}  streams failed: ${report.streamFailures[name] ?? 'unknown'}`);
      continue;
    }
    lines.push(`   ${name.padEnd(12)}  TTFT added p50 ${us(t.added.p50)}  p99 ${us(t.added.p99)}   frames lost ${f.framesLost} of ${f.framesExpected} (failed streams ${f.failedStreams})`);
  }
  lines.push('');
  lines.push(`E. RSS, soak ${report.rss.soakSeconds} s (16 JSON + 8 stream workers)`);
  for (const name of names) {
    const s = report.rss[name];
    if (!s) continue;
    lines.push(
      `   ${name.padEnd(12)}  idle ${report.rss.idle[name].toFixed(1)} MB  before soak ${s.before.toFixed(1)}  peak ${s.peak.toFixed(1)}  after ${s.after.toFixed(1)} MB  growth ${s.growthMbPerMinute.toFixed(2)} MB/min  (${s.requests} requests, ${s.errors} errors)`,
    );
  }
  const a = report.phaseA.switchboard;
  const s = report.rss.switchboard;
  lines.push('');
  lines.push('Targets (switchboard):');
  lines.push(`   added p50 <= ${TARGETS.addedP50Ms} ms: ${verdict(a.added.p50 <= TARGETS.addedP50Ms)}   added p99 <= ${TARGETS.addedP99Ms} ms: ${verdict(a.added.p99 <= TARGETS.addedP99Ms)}`);
  lines.push(`   throughput ratio >= ${TARGETS.throughputRatio}: ${verdict(b.switchboard.rpsRatio >= TARGETS.throughputRatio)}   added TTFT p50 <= ${TARGETS.addedTtftP50Ms} ms: ${verdict(report.ttft.switchboard.added.p50 <= TARGETS.addedTtftP50Ms)}`);
  lines.push(`   frames lost = 0: ${verdict(report.framesLost.switchboard.framesLost === 0)}   idle RSS < ${TARGETS.idleRssMb} MB: ${verdict(report.rss.idle.switchboard < TARGETS.idleRssMb)}   no growth (after - before < 10 MB): ${verdict(s.after - s.before < 10)}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

// Dispatch last, so that every module-level constant above is initialised first.
const role = process.argv.find((arg) => arg.startsWith('--role='))?.slice('--role='.length);
if (role === 'mock') await runMock();
else await runBenchmark();
