import type { JobDescriptionDto } from '@tdgen/contracts';

/** The description with one task moved to `index` (orders renumbered 0…n−1), for an optimistic preview. */
export function withTaskMoved(description: JobDescriptionDto, jobTaskId: number, index: number): JobDescriptionDto {
  const tasks = [...description.tasks].sort((a, b) => a.order - b.order);
  const from = tasks.findIndex((t) => t.jobTaskId === jobTaskId);
  if (from === -1) return description;
  const to = Math.max(0, Math.min(index, tasks.length - 1));
  const [moved] = tasks.splice(from, 1);
  tasks.splice(to, 0, moved);
  return { ...description, tasks: tasks.map((t, order) => ({ ...t, order })) };
}
