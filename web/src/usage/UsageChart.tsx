import { Group, Text } from '@mantine/core';
import type { DailyUsage } from '../../../src/gateway/admin/schemas.js';

/**
 * Requests per day (bars, errors in red) and p50/p95 latency (lines, right axis), drawn as
 * plain SVG. A chart library (@mantine/charts + recharts) would add about 100 KB gzipped and a
 * new dependency for one chart of a few dozen points; this page needs no zoom, brush or
 * animation, so a hand-made chart is the smaller and simpler choice.
 */
const WIDTH = 720;
const HEIGHT = 220;
const PAD = { top: 12, right: 48, bottom: 28, left: 44 };
const COLORS = { requests: 'var(--mantine-color-blue-5)', errors: 'var(--mantine-color-red-6)', p50: 'var(--mantine-color-teal-7)', p95: 'var(--mantine-color-orange-7)' };

export function UsageChart({ days }: { days: DailyUsage['days'] }) {
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const maxRequests = niceMax(Math.max(1, ...days.map((day) => day.requests)));
  const maxLatency = niceMax(Math.max(1, ...days.map((day) => day.p95LatencyMs ?? 0)));
  const step = plotWidth / Math.max(1, days.length);
  const barWidth = Math.max(1, step * 0.7);
  const x = (index: number) => PAD.left + index * step + step / 2;
  const yRequests = (value: number) => PAD.top + plotHeight - (value / maxRequests) * plotHeight;
  const yLatency = (value: number) => PAD.top + plotHeight - (value / maxLatency) * plotHeight;
  const line = (pick: (day: DailyUsage['days'][number]) => number | null) =>
    days
      .map((day, index) => [index, pick(day)] as const)
      .filter((point): point is readonly [number, number] => point[1] !== null)
      .map(([index, value]) => `${x(index).toFixed(1)},${yLatency(value).toFixed(1)}`)
      .join(' ');
  const totalRequests = days.reduce((sum, day) => sum + day.requests, 0);
  const labelEvery = Math.max(1, Math.ceil(days.length / 8));

  return (
    <div>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        role="img"
        aria-label={`Requests and latency per day, ${days[0]?.day ?? ''} to ${days.at(-1)?.day ?? ''}: ${totalRequests} requests in all`}
        style={{ display: 'block', maxHeight: 260 }}
      >
        {[0, 0.5, 1].map((fraction) => (
          <g key={fraction}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={PAD.top + plotHeight * (1 - fraction)} y2={PAD.top + plotHeight * (1 - fraction)} stroke="var(--mantine-color-gray-3)" />
            <text x={PAD.left - 6} y={PAD.top + plotHeight * (1 - fraction) + 4} textAnchor="end" fontSize="11" fill="var(--mantine-color-dimmed)">
              {Math.round(maxRequests * fraction)}
            </text>
            <text x={WIDTH - PAD.right + 6} y={PAD.top + plotHeight * (1 - fraction) + 4} fontSize="11" fill="var(--mantine-color-dimmed)">
              {Math.round(maxLatency * fraction)} ms
            </text>
          </g>
        ))}
        {days.map((day, index) => (
          <g key={day.day}>
            <title>{`${day.day}: ${day.requests} requests, ${day.errors} errors, p50 ${day.p50LatencyMs ?? '–'} ms, p95 ${day.p95LatencyMs ?? '–'} ms`}</title>
            <rect x={x(index) - barWidth / 2} y={yRequests(day.requests)} width={barWidth} height={PAD.top + plotHeight - yRequests(day.requests)} fill={COLORS.requests} />
            <rect x={x(index) - barWidth / 2} y={yRequests(day.errors)} width={barWidth} height={PAD.top + plotHeight - yRequests(day.errors)} fill={COLORS.errors} />
            {index % labelEvery === 0 && (
              <text x={x(index)} y={HEIGHT - 8} textAnchor="middle" fontSize="11" fill="var(--mantine-color-dimmed)">
                {day.day.slice(5)}
              </text>
            )}
          </g>
        ))}
        <polyline points={line((day) => day.p95LatencyMs)} fill="none" stroke={COLORS.p95} strokeWidth="2" />
        <polyline points={line((day) => day.p50LatencyMs)} fill="none" stroke={COLORS.p50} strokeWidth="2" />
      </svg>
      <Group gap="md" justify="center" mt={4}>
        <Legend color={COLORS.requests} label="Requests" />
        <Legend color={COLORS.errors} label="Errors" />
        <Legend color={COLORS.p50} label="p50 latency" />
        <Legend color={COLORS.p95} label="p95 latency" />
      </Group>
    </div>
  );
}

function Legend({ color, label }: { color: string; label: string }) {
  return (
    <Group gap={6}>
      <span aria-hidden="true" style={{ width: 12, height: 12, borderRadius: 2, background: color, display: 'inline-block' }} />
      <Text size="xs">{label}</Text>
    </Group>
  );
}

/** 1, 2 or 5 times a power of ten at or above the value, so the axis reads in round numbers. */
function niceMax(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  for (const factor of [1, 2, 5, 10]) if (factor * power >= value) return factor * power;
  return 10 * power;
}
