/**
 * Progress on stderr: a redrawn line when stderr is a terminal, nothing
 * otherwise (logs and CI get the final status lines only).
 */
export interface Progress {
  update(label: string, done: number, total?: number, unit?: 'bytes' | 'items'): void;
  finish(): void;
}

export function createProgress(enabled: boolean, stream: NodeJS.WriteStream = process.stderr): Progress {
  const live = enabled && stream.isTTY === true;
  let lastDraw = 0;
  let drawn = false;
  return {
    update(label, done, total, unit = 'items') {
      if (!live) return;
      const now = Date.now();
      if (now - lastDraw < 80 && total !== undefined && done < total) return;
      lastDraw = now;
      const amount = unit === 'bytes' ? `${mib(done)}${total ? ` of ${mib(total)}` : ''} MiB` : `${done}${total ? ` of ${total}` : ''}`;
      const width = 24;
      const bar = total ? `[${'#'.repeat(Math.round((done / total) * width)).padEnd(width, '.')}] ` : '';
      stream.write(`\r\x1b[2K${label} ${bar}${amount}`);
      drawn = true;
    },
    finish() {
      if (drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}

function mib(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}
