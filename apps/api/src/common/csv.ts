/** One CSV field: quoted when it holds a separator (`,` or `;`), a quote or a line break. */
export const csvField = (v: string | null): string => (v === null ? '' : /[",;\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
