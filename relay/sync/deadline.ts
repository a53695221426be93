/** Waits for `work`, but not past `deadline` (a performance.now() time); `onTimeout` runs if it is reached first. */
export async function untilDeadline(work: Promise<unknown>, deadline: number, onTimeout: () => void): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<void>((resolve) => {
    timer = setTimeout(
      () => {
        onTimeout();
        resolve();
      },
      Math.max(0, deadline - performance.now()),
    );
  });
  await Promise.race([work, timedOut]);
  clearTimeout(timer);
}
