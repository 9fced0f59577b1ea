// Indonesian number formats: 1.234,5 and Rp 1.234.567.
const number1 = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 0 });
const rupiah = new Intl.NumberFormat('id-ID', { style: 'currency', currency: 'IDR', maximumFractionDigits: 0 });
const percent = new Intl.NumberFormat('id-ID', { style: 'percent', maximumFractionDigits: 0 });

export const fmt = (n: number): string => number1.format(n);
export const fmtWhole = (n: number): string => whole.format(n);
export const fmtRupiah = (n: number): string => rupiah.format(n);
export const fmtPercent = (n: number): string => percent.format(n);

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
